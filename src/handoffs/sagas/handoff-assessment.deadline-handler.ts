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
import { type HandoffAssessment, type HandoffSnapshot, SessionRepository } from '../../branching/index.js';
import { HandoffRepository } from '../application/handoff.repository.js';
import { HANDOFF_ASSESSMENT_SCHEMA, handoffAssessmentPrompt, offlineAssessmentOf, validAssessment } from '../domain/handoff-assessment.js';
import { afterFailedTry } from '../../platform/deadlines/retry-backoff.js';
import { HANDOFF_ASSESSMENT_DEADLINE, type HandoffAssessmentPayload, scheduleAssessmentTry } from './handoff-assessment.deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'handoff-assessment' };

/**
 * One try of an escalation's assessment: a structured call on the handoff's snapshot, recorded as
 * HandoffAssessed. A model error, a timeout or an answer that is no assessment schedules the next try
 * (a new deadline, after the backoff) and the firing returns normally; after the last try,
 * HandoffAssessmentFailed. A process killed mid-call leaves the deadline running: its lease expires
 * and the same try is made again. A firing for a handoff no longer pending (assessed, failed, handed
 * off again) changes nothing, and the decider records one outcome per handoff, so a doubled try
 * never doubles the event.
 */
@Injectable()
export class HandoffAssessmentDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(HandoffAssessmentDeadlineHandler.name);

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
    this.deadlines.register<HandoffAssessmentPayload>(HANDOFF_ASSESSMENT_DEADLINE, (deadline) => this.assess(deadline));
  }

  async assess(deadline: DueDeadline<HandoffAssessmentPayload>): Promise<void> {
    const { sessionId, handoffId, attempt } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let state;
    try {
      state = (await this.sessions.load(tenantId, sessionId)).state;
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const handoff = state.handoff;
    if (!handoff || handoff.handoffId !== handoffId || handoff.assessmentStatus !== 'pending') return;
    let answer: { assessment: HandoffAssessment; model: string };
    try {
      answer = await this.ask(tenantId, handoff.snapshot, handoff.notes);
    } catch (error) {
      await this.failed(deadline, (error as Error).message);
      return;
    }
    const context = this.context(tenantId, deadline.key);
    await this.handoffs.handle(context, sessionId, {
      type: 'RecordAssessment',
      handoffId,
      assessment: answer.assessment,
      model: answer.model,
      attempts: attempt,
      now: context.now,
    });
  }

  private async ask(tenantId: string, snapshot: HandoffSnapshot, notes: string): Promise<{ assessment: HandoffAssessment; model: string }> {
    const result = await this.llm.structured<unknown>({
      tenantId,
      purpose: LlmPurposes.assess,
      schema: HANDOFF_ASSESSMENT_SCHEMA,
      schemaName: 'handoff_assessment',
      messages: handoffAssessmentPrompt(snapshot, notes),
      signal: AbortSignal.timeout(this.config.handoffAssessment.timeoutMs),
    });
    // The offline model fills the schema from the prompt's sentences; the snapshot says more.
    if (result.provider === OFFLINE_PROVIDER) return { assessment: offlineAssessmentOf(snapshot, notes), model: OFFLINE_PROVIDER };
    return { assessment: validAssessment(result.value), model: `${result.provider}/${result.model}` };
  }

  private async failed(deadline: DueDeadline<HandoffAssessmentPayload>, reason: string): Promise<void> {
    const { sessionId, handoffId, attempt } = deadline.payload;
    const next = afterFailedTry(attempt, this.config.handoffAssessment, this.clock.now());
    this.logger.warn(`assessment of handoff ${handoffId}, try ${attempt}, failed: ${reason}${next.retry ? '' : ' (the last try)'}`);
    if (next.retry) {
      await scheduleAssessmentTry(this.db, deadline.tenantId, { sessionId, handoffId, attempt: next.attempt }, next.dueAt);
      return;
    }
    const context = this.context(deadline.tenantId ?? '', deadline.key);
    await this.handoffs.handle(context, sessionId, {
      type: 'RecordAssessmentFailure',
      handoffId,
      reason: reason.slice(0, 500),
      attempts: attempt,
      now: context.now,
    });
  }

  private context(tenantId: string, causationId: string) {
    return systemContext({ tenantId, actor: ACTOR, causationId }, this.clock.now());
  }
}
