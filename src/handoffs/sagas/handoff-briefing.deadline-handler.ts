import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { Database } from '../../platform/database/database.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { LlmGateway, LlmPurposes, OFFLINE_PROVIDER } from '../../platform/llm/index.js';
import { type CurrentHandoff, type HandoffBriefing, SessionRepository } from '../../branching/index.js';
import { HandoffRepository } from '../application/handoff.repository.js';
import { HANDOFF_BRIEFING_SCHEMA, handoffBriefingPrompt, validBriefing } from '../domain/handoff-briefing.js';
import { afterFailedTry } from '../../platform/deadlines/retry-backoff.js';
import { HANDOFF_BRIEFING_DEADLINE, type HandoffBriefingPayload, scheduleBriefingTry } from './handoff-briefing.deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'handoff-briefing' };

/**
 * One try of a claim's model-written briefing: a structured call on the snapshot, the notes, the
 * assessment and the wait, recorded as HandoffBriefingWritten. When the offline model answers nothing
 * is recorded: the briefing built from the snapshot at the claim is the offline one. A failed try
 * schedules the next (the assessment's backoff and HANDOFF_ASSESSMENT_* settings); after the last,
 * a warning and nothing else: the snapshot's briefing stands. A firing for a claim no longer current
 * (released, claimed again, already briefed) changes nothing; the decider checks it again on append.
 */
@Injectable()
export class HandoffBriefingDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(HandoffBriefingDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly sessions: SessionRepository,
    private readonly handoffs: HandoffRepository,
    private readonly llm: LlmGateway,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<HandoffBriefingPayload>(HANDOFF_BRIEFING_DEADLINE, (deadline) => this.brief(deadline));
  }

  async brief(deadline: DueDeadline<HandoffBriefingPayload>): Promise<void> {
    const { sessionId, handoffId, claimedAt } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let state;
    try {
      state = (await this.sessions.load(tenantId, sessionId)).state;
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const handoff = state.handoff;
    if (!handoff || handoff.handoffId !== handoffId || handoff.claimedAt !== claimedAt || handoff.briefingSource === 'model') return;
    let answer: { briefing: HandoffBriefing; model: string } | null;
    try {
      answer = await this.ask(tenantId, handoff);
    } catch (error) {
      await this.failed(deadline, (error as Error).message);
      return;
    }
    if (!answer) return;
    const context = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
    await this.handoffs.handle(context, sessionId, {
      type: 'RecordBriefing',
      handoffId,
      claimedAt,
      briefing: answer.briefing,
      model: answer.model,
      now: context.now,
    });
  }

  /** The model's briefing, or null when the offline model answered (the snapshot's briefing is the offline one). */
  private async ask(tenantId: string, handoff: CurrentHandoff): Promise<{ briefing: HandoffBriefing; model: string } | null> {
    const waitedSeconds = Math.max(0, Math.floor((Date.parse(handoff.claimedAt ?? handoff.at) - Date.parse(handoff.at)) / 1000));
    const result = await this.llm.structured<unknown>({
      tenantId,
      purpose: LlmPurposes.brief,
      schema: HANDOFF_BRIEFING_SCHEMA,
      schemaName: 'handoff_briefing',
      messages: handoffBriefingPrompt({
        snapshot: handoff.snapshot,
        notes: handoff.notes,
        kind: handoff.kind,
        assessment: handoff.assessment,
        waitedSeconds,
      }),
      signal: AbortSignal.timeout(this.config.handoffAssessment.timeoutMs),
    });
    if (result.provider === OFFLINE_PROVIDER) return null;
    return { briefing: validBriefing(result.value), model: `${result.provider}/${result.model}` };
  }

  private async failed(deadline: DueDeadline<HandoffBriefingPayload>, reason: string): Promise<void> {
    const { handoffId, attempt } = deadline.payload;
    const next = afterFailedTry(attempt, this.config.handoffAssessment, this.clock.now());
    this.logger.warn(
      `briefing of handoff ${handoffId}, try ${attempt}, failed: ${reason}${next.retry ? '' : ' (the last try: the snapshot’s briefing stands)'}`,
    );
    if (next.retry) await scheduleBriefingTry(this.db, deadline.tenantId, { ...deadline.payload, attempt: next.attempt }, next.dueAt);
  }
}
