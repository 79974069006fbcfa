import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { LlmGateway, LlmPurposes } from '../../platform/llm/index.js';
import { SessionReader } from '../application/session.reader.js';
import { SessionRepository } from '../application/session.repository.js';
import { BRANCH_SUMMARY_SCHEMA, branchSummaryPrompt } from '../domain/branch-summary-prompt.js';
import type { BranchSummary } from '../domain/session.types.js';
import { BRANCH_SUMMARY_DEADLINE, type BranchSummaryPayload } from './branch-summary.deadlines.js';

/** Under the deadline lease renewal, a slow model is abandoned and the step retried with backoff. */
export const BRANCH_SUMMARY_BUDGET_MS = 20_000;

/**
 * Updates a branch's summary {tried, concluded, artifacts} with a structured call. A failing model
 * fails the firing, which the poller retries with backoff; a summary already newer than this step
 * (a later exchange got there first) makes it a no-op, so a repeated firing changes nothing.
 */
@Injectable()
export class BranchSummaryDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
    private readonly llm: LlmGateway,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<BranchSummaryPayload>(BRANCH_SUMMARY_DEADLINE, (deadline) => this.summarize(deadline));
  }

  async summarize(deadline: DueDeadline<BranchSummaryPayload>): Promise<void> {
    const { sessionId, branchId, throughPosition } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let loaded;
    try {
      loaded = await this.sessions.load(tenantId, sessionId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const branch = loaded.state.branches[branchId];
    if (!branch || branch.summaryThroughPosition >= throughPosition) return;
    const messages = await this.reader.history(branchId, [{ branchId, upTo: throughPosition }]);
    const result = await this.llm.structured<BranchSummary>({
      tenantId,
      purpose: LlmPurposes.summarize,
      schema: BRANCH_SUMMARY_SCHEMA,
      schemaName: 'branch_summary',
      messages: branchSummaryPrompt(loaded.state.problem, branch, branch.summary, messages),
      signal: AbortSignal.timeout(BRANCH_SUMMARY_BUDGET_MS),
    });
    const context = systemContext(
      { tenantId, actor: { kind: 'system', id: 'branch-summary' }, causationId: deadline.key },
      this.clock.now(),
    );
    await this.sessions.handle(context, sessionId, {
      type: 'UpdateBranchSummary',
      branchId,
      summary: { tried: result.value.tried, concluded: result.value.concluded, artifacts: result.value.artifacts },
      throughPosition,
      now: context.now,
    });
  }
}
