import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { LlmGateway } from '../../platform/llm/index.js';
import { DiscussionRepository } from '../application/discussion.repository.js';
import { OUTCOME_SCHEMA, type OutcomeAnswer, outcomePrompt } from '../domain/discussion-prompt.js';
import { DISCUSSION_OUTCOME_DEADLINE, type DiscussionOutcomePayload } from './discussion-deadlines.projection.js';
import { TURN_BUDGET_MS } from './discussion-turn.deadline-handler.js';

/**
 * Once agreed (or decided by the user), the final summary and decision record: a structured call
 * for the summary, rationale and action items; the decision and the dissent come from the votes.
 * A repeated firing after the outcome was written finds the discussion completed and does nothing.
 */
@Injectable()
export class DiscussionOutcomeDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly discussions: DiscussionRepository,
    private readonly llm: LlmGateway,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<DiscussionOutcomePayload>(DISCUSSION_OUTCOME_DEADLINE, (deadline) => this.conclude(deadline));
  }

  async conclude(deadline: DueDeadline<DiscussionOutcomePayload>): Promise<void> {
    const { discussionId } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let loaded;
    try {
      loaded = await this.discussions.load(tenantId, discussionId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const { state } = loaded;
    const proposal = state.proposals.find((p) => p.id === state.chosenProposalId);
    if (state.status !== 'concluding' || !proposal) return;
    const dissent = Object.entries(proposal.votes)
      .filter(([, vote]) => vote.choice === 'disagree')
      .map(([slug, vote]) => `${slug}: ${vote.reason}`);
    const decision = state.decisionNote ? `${proposal.text} (the user decided: ${state.decisionNote})` : proposal.text;
    const result = await this.llm.structured<OutcomeAnswer>({
      tenantId,
      purpose: 'discussion_outcome',
      schema: OUTCOME_SCHEMA,
      schemaName: 'discussion_outcome',
      messages: outcomePrompt(state, decision, dissent),
      signal: AbortSignal.timeout(TURN_BUDGET_MS),
      scope: { squadId: state.squadId ?? undefined },
    });
    const context = systemContext(
      { tenantId, actor: { kind: 'system', id: 'discussion-outcome' }, causationId: deadline.key, correlationId: discussionId },
      this.clock.now(),
    );
    await this.discussions.handle(context, discussionId, {
      type: 'ConcludeDiscussion',
      summary: result.value.summary,
      rationale: result.value.rationale,
      actionItems: result.value.actionItems,
      provider: result.provider,
      model: result.model,
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      now: context.now,
    });
  }
}
