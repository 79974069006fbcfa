import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { Database } from '../../platform/database/database.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { afterFailedTry } from '../../platform/deadlines/retry-backoff.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { LlmGateway, LlmPurposes, OFFLINE_PROVIDER } from '../../platform/llm/index.js';
import { OutputReader, type StoredOutput } from '../application/output.reader.js';
import { OutputRepository } from '../application/output.repository.js';
import { DRAFT_SCHEMAS, draftPrompt, offlineParts, renderDraft, validParts } from '../domain/output-drafts.js';
import { OUTPUT_DRAFT_DEADLINE, type OutputDraftPayload, scheduleDraftTry } from './output-deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'resolution-drafts' };

/**
 * One try of drafting one document: a structured call on the resolution's record, rendered to
 * Markdown and recorded as OutputDrafted. A model error, a timeout or an answer missing a part
 * schedules the next try (a new deadline, after the backoff); after the last, OutputGenerationFailed
 * (the output can be regenerated). A process killed mid-call leaves the deadline running: its lease
 * expires and the same try runs again; the decider records one draft per request, so a doubled try
 * never doubles it. A firing for a request no longer current changes nothing.
 */
@Injectable()
export class OutputDraftDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(OutputDraftDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly reader: OutputReader,
    private readonly outputs: OutputRepository,
    private readonly llm: LlmGateway,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<OutputDraftPayload>(OUTPUT_DRAFT_DEADLINE, (deadline) => this.draft(deadline));
  }

  async draft(deadline: DueDeadline<OutputDraftPayload>): Promise<void> {
    const { outputId, requestId, attempt } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let stored: StoredOutput;
    try {
      stored = await this.reader.output(tenantId, outputId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (stored.view.status !== 'generating' || stored.requestId !== requestId) return;
    let drafted: { content: string; model: string };
    try {
      drafted = await this.write(tenantId, stored);
    } catch (error) {
      await this.failed(deadline, stored, (error as Error).message);
      return;
    }
    const context = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
    await this.outputs.handle(context, {
      type: 'RecordDraft',
      outputId,
      sessionId: stored.view.sessionId,
      outputType: stored.view.type,
      requestId,
      content: drafted.content,
      model: drafted.model,
      attempts: attempt,
      now: context.now,
    });
  }

  private async write(tenantId: string, { view, record }: StoredOutput): Promise<{ content: string; model: string }> {
    const result = await this.llm.structured<unknown>({
      tenantId,
      purpose: LlmPurposes.article,
      schema: DRAFT_SCHEMAS[view.type],
      schemaName: `resolution_${view.type}`,
      messages: draftPrompt(view.type, record, view.instructions),
      signal: AbortSignal.timeout(this.config.resolutionDrafts.timeoutMs),
    });
    // The offline model only echoes the prompt back into the schema; the record says more.
    if (result.provider === OFFLINE_PROVIDER)
      return { content: renderDraft(view.type, record, offlineParts(view.type, record)), model: OFFLINE_PROVIDER };
    if (!validParts(view.type, result.value)) throw new Error(`the model's ${view.type} lacks a part the schema requires`);
    return { content: renderDraft(view.type, record, result.value as never), model: `${result.provider}/${result.model}` };
  }

  private async failed(deadline: DueDeadline<OutputDraftPayload>, stored: StoredOutput, reason: string): Promise<void> {
    const { outputId, requestId, attempt } = deadline.payload;
    const next = afterFailedTry(attempt, this.config.resolutionDrafts, this.clock.now());
    this.logger.warn(`drafting ${stored.view.type} ${outputId}, try ${attempt}, failed: ${reason}${next.retry ? '' : ' (the last try)'}`);
    if (next.retry) {
      await scheduleDraftTry(this.db, deadline.tenantId, { ...deadline.payload, attempt: next.attempt }, next.dueAt);
      return;
    }
    const context = systemContext({ tenantId: deadline.tenantId ?? '', actor: ACTOR, causationId: deadline.key }, this.clock.now());
    await this.outputs.handle(context, {
      type: 'RecordGenerationFailure',
      outputId,
      sessionId: stored.view.sessionId,
      outputType: stored.view.type,
      requestId,
      reason: reason.slice(0, 500),
      attempts: attempt,
      now: context.now,
    });
  }
}
