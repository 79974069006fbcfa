import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { LlmGateway } from '../../platform/llm/index.js';
import { AgentDefinitionsQueries } from '../../registry/index.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { ConversationRepository } from '../application/conversation.repository.js';
import { ConversationClosedError, NotAskedError } from '../domain/conversation.errors.js';
import type { Participant } from '../domain/conversation.types.js';
import { OPEN_STATES } from '../domain/conversation.types.js';
import { agentPrompt, fallbackPersona } from './agent-prompt.js';
import { AGENT_ANSWER_DEADLINE, type AgentAnswerPayload } from './escalation.saga.js';

/**
 * The longest an agent's answer may take: under the deadline lease (30 s), so a slow model is given
 * up and retried later (with backoff) rather than run twice; the timeouts run on regardless.
 */
export const AGENT_ANSWER_BUDGET_MS = 20_000;

/**
 * An agent responder answers by itself: when the question reaches it, a deadline due at once runs
 * this, durably (it survives a restart) and once. A failing model fails the firing, which the
 * deadline poller retries with backoff; a round that has passed meanwhile ends the attempts.
 */
@Injectable()
export class AgentAnswerDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(AgentAnswerDeadlineHandler.name);

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly conversations: ConversationRepository,
    private readonly agents: AgentDefinitionsQueries,
    private readonly llm: LlmGateway,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<AgentAnswerPayload>(AGENT_ANSWER_DEADLINE, (deadline) => this.answer(deadline));
  }

  async answer(deadline: DueDeadline<AgentAnswerPayload>): Promise<void> {
    const { conversationId, round, memberId } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const { state } = await this.conversations.load(tenantId, conversationId);
    const agent = state.responders.find((responder) => responder.memberId === memberId);
    // Answered, escalated or referred since: nothing left to do for this round.
    if (!OPEN_STATES.includes(state.status) || state.round !== round || !agent) return;
    const settings = await this.definitionOf(tenantId, agent);
    const result = await this.llm.chat({
      tenantId,
      purpose: 'reply',
      messages: agentPrompt(settings.persona, agent, state),
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
      signal: AbortSignal.timeout(AGENT_ANSWER_BUDGET_MS),
      // The agent's preferred providers answer first; its, its squad's and the organization's budgets are charged.
      scope: { squadId: state.squadId, agentSlug: agent.agentSlug ?? undefined, providerPreference: settings.providerPreference },
    });
    const context = systemContext({ tenantId, actor: { kind: 'member', id: memberId }, causationId: deadline.key }, this.clock.now());
    try {
      await this.conversations.handle(context, conversationId, {
        type: 'AnswerQuestion',
        by: agent,
        text: result.text,
        messageId: randomUUID(),
        parentId: null,
        now: context.now,
      });
    } catch (error) {
      // Someone answered first: the agent's answer is no longer needed.
      if (error instanceof ConversationClosedError || error instanceof NotAskedError) return;
      throw error;
    }
  }

  private async definitionOf(
    tenantId: string,
    agent: Participant,
  ): Promise<{ persona: string; temperature?: number; maxTokens?: number; providerPreference?: readonly string[] }> {
    if (!agent.agentSlug) return { persona: fallbackPersona(agent) };
    try {
      const definition = await this.agents.get(tenantId, agent.agentSlug);
      const { temperature, maxTokens, providerPreference } = definition.model;
      return { persona: definition.persona, temperature, maxTokens, providerPreference };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.logger.warn(`agent ${agent.agentSlug} is not in the registry; answering with a persona from the member's role`);
      return { persona: fallbackPersona(agent) };
    }
  }
}
