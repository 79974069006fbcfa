import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MAX_DEADLINE_ATTEMPTS } from '../../platform/deadlines/deadline-poller.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import {
  LlmGateway,
  LlmUnavailableError,
  StreamedJsonField,
  type StructuredResult,
  cosineSimilarity,
  offlineEmbedding,
} from '../../platform/llm/index.js';
import { RealtimeSignals } from '../../platform/realtime/realtime-signals.js';
import { AgentDefinitionsQueries } from '../../registry/index.js';
import { DiscussionRepository, type LoadedDiscussion } from '../application/discussion.repository.js';
import {
  type SelectorAnswer,
  TURN_SCHEMA,
  type TurnAnswer,
  VOTE_SCHEMA,
  type VoteAnswer,
  selectorPrompt,
  selectorSchema,
  turnPrompt,
  votePrompt,
} from '../domain/discussion-prompt.js';
import type { TakeTurn } from '../domain/discussion.commands.js';
import type { OpenDiscussion, PendingTurn } from '../domain/discussion.state.js';
import type { Participant } from '../domain/discussion.types.js';
import { RECENT_MESSAGES_COMPARED } from '../domain/progress.js';
import { DISCUSSION_TURN_DEADLINE, type DiscussionTurnPayload } from './discussion-deadlines.projection.js';

/** Under the deadline lease renewal: a model that takes longer is abandoned and the turn re-run with backoff. */
export const TURN_BUDGET_MS = 25_000;

/** Signal kinds sent to the discussion's room `discussion:<id>` while a turn is written. */
export const TURN_STARTED_SIGNAL = 'discussions.turn.started';
export const TURN_DELTA_SIGNAL = 'discussions.turn.delta';
export const TURN_DONE_SIGNAL = 'discussions.turn.done';

interface AgentSettings {
  persona: string;
  temperature?: number;
  maxTokens?: number;
  providerPreference?: readonly string[];
}

/**
 * One agent turn, run by its deadline (keyed by discussion, turn and scheduling): choose the
 * speaker (round robin, or the model as selector), stream the agent's structured reply to the
 * room, measure how close it is to the recent messages, and append the turn. A crash before the
 * append re-runs the turn when the lease lapses; after it, the turn is taken and the step is stale:
 * a turn is never lost or doubled. A failing model fails the firing, which the poller retries.
 */
@Injectable()
export class DiscussionTurnDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly discussions: DiscussionRepository,
    private readonly agents: AgentDefinitionsQueries,
    private readonly llm: LlmGateway,
    private readonly signals: RealtimeSignals,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<DiscussionTurnPayload>(DISCUSSION_TURN_DEADLINE, (deadline) => this.takeTurn(deadline));
  }

  async takeTurn(deadline: DueDeadline<DiscussionTurnPayload>): Promise<void> {
    const { discussionId, turn, schedule } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    let loaded;
    try {
      loaded = await this.discussions.load(tenantId, discussionId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    const { state } = loaded;
    const pending = state.pendingTurn;
    // Paused, stopped, taken or re-scheduled since: this step has nothing to do.
    if (state.status !== 'running' || !pending || pending.turn !== turn || pending.schedule !== schedule) return;
    try {
      await this.run(deadline, loaded, pending);
    } catch (error) {
      if (deadline.attempt < MAX_DEADLINE_ATTEMPTS) throw error;
      // The last attempt: rather than leave the discussion running with no step left, pause it and say
      // why; resuming schedules the turn again.
      const context = systemContext(
        { tenantId, actor: { kind: 'system', id: 'discussion-turn' }, causationId: deadline.key, correlationId: discussionId },
        this.clock.now(),
      );
      const why = error instanceof Error ? error.message : String(error);
      await this.discussions.handle(context, discussionId, {
        type: 'PauseDiscussion',
        reason: `Paused: turn ${turn} failed ${deadline.attempt} times (${why}). Resume to try it again.`,
        noticeId: randomUUID(),
        by: context.actor,
        now: context.now,
      });
    }
  }

  private async run(deadline: DueDeadline<DiscussionTurnPayload>, loaded: LoadedDiscussion, pending: PendingTurn): Promise<void> {
    const { discussionId, turn } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const { state } = loaded;
    const settings = await this.settingsOf(tenantId, state.participants);
    const { speaker, selection } = await this.chooseSpeaker(tenantId, state, pending);
    const participant = state.participants.find((p) => p.slug === speaker) ?? state.participants[0];
    const agent = settings.get(participant.slug) ?? { persona: `You are ${participant.name}, ${participant.role}.` };
    const messageId = randomUUID();
    const room = `discussion:${discussionId}`;
    this.signals.publish(tenantId, room, TURN_STARTED_SIGNAL, { turn, speaker, phase: pending.phase, messageId });
    const answer = await this.reply(tenantId, state, pending, participant, agent, (delta) =>
      this.signals.publish(tenantId, room, TURN_DELTA_SIGNAL, { turn, speaker, messageId, delta }),
    );
    this.signals.publish(tenantId, room, TURN_DONE_SIGNAL, { turn, speaker, messageId });
    const text = answer.value.message;
    const similarity = pending.phase === 'consensus' ? null : await this.similarityToRecent(tenantId, state, text);
    const context = systemContext(
      { tenantId, actor: { kind: 'system', id: `agent:${speaker}` }, causationId: deadline.key, correlationId: discussionId },
      this.clock.now(),
    );
    const turnAnswer = 'votes' in answer.value ? null : answer.value;
    const command: TakeTurn = {
      type: 'TakeTurn',
      turn,
      speaker,
      selection,
      messageId,
      text,
      proposal: turnAnswer?.proposal ? { proposalId: randomUUID(), text: turnAnswer.proposal } : null,
      question: turnAnswer?.question ? { questionId: randomUUID(), ...turnAnswer.question } : null,
      votes: 'votes' in answer.value ? answer.value.votes : [],
      similarity,
      provider: answer.provider,
      model: answer.model,
      usage: { inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens },
      noticeId: randomUUID(),
      now: context.now,
    };
    // Decided on the stream as loaded; a post or pause that came meanwhile makes the append conflict and
    // the command is decided again on fresh state.
    await this.discussions.handle(context, discussionId, command, { loaded });
  }

  /** The agent's reply, streamed: a contribution, or in the consensus phase its votes. */
  private async reply(
    tenantId: string,
    state: OpenDiscussion,
    pending: PendingTurn,
    participant: Participant,
    agent: AgentSettings,
    onDelta: (delta: string) => void,
  ): Promise<StructuredResult<TurnAnswer | VoteAnswer>> {
    const voting = pending.phase === 'consensus';
    const stream = this.llm.streamStructured<TurnAnswer | VoteAnswer>({
      tenantId,
      purpose: voting ? 'discussion_vote' : 'discussion_turn',
      schema: voting ? VOTE_SCHEMA : TURN_SCHEMA,
      schemaName: voting ? 'discussion_vote' : 'discussion_turn',
      messages: voting
        ? votePrompt(state, participant, agent.persona, pending.round)
        : turnPrompt(state, participant, agent.persona, pending.phase, pending.round),
      temperature: agent.temperature,
      maxTokens: agent.maxTokens,
      signal: AbortSignal.timeout(TURN_BUDGET_MS),
      // The agent's preferred providers answer first; its, its squad's and the organization's budgets are charged.
      scope: { squadId: state.squadId ?? undefined, agentSlug: participant.slug, providerPreference: agent.providerPreference },
    });
    const message = new StreamedJsonField('message');
    for await (const chunk of stream) {
      const delta = message.push(chunk);
      if (delta) onDelta(delta);
    }
    return stream.result;
  }

  private async chooseSpeaker(
    tenantId: string,
    state: OpenDiscussion,
    pending: PendingTurn,
  ): Promise<{ speaker: string; selection: TakeTurn['selection'] }> {
    const [first] = pending.candidates;
    if (pending.candidates.length === 1 || state.speakerSelection === 'round_robin' || pending.phase === 'consensus') {
      const why = state.turnsTaken === 0 ? 'speaks first' : pending.phase === 'consensus' ? 'votes in turn' : 'next in turn';
      return { speaker: first, selection: { by: 'order', reason: why } };
    }
    const candidates = state.participants.filter((p) => pending.candidates.includes(p.slug));
    const chosen = await this.llm.structured<SelectorAnswer>({
      tenantId,
      purpose: 'discussion_select',
      schema: selectorSchema(pending.candidates),
      schemaName: 'next_speaker',
      messages: selectorPrompt(state, candidates, pending.phase, pending.round),
      temperature: 0,
      signal: AbortSignal.timeout(TURN_BUDGET_MS),
      scope: { squadId: state.squadId ?? undefined },
    });
    return { speaker: chosen.value.speaker, selection: { by: 'selector', reason: chosen.value.reason } };
  }

  /**
   * The highest cosine similarity of the new message to the recent ones, for stuck detection. With no
   * embedding provider available the offline model's hashed embedding measures it (all texts alike,
   * so vectors of one kind are compared): stuck detection must not fail a turn.
   */
  private async similarityToRecent(tenantId: string, state: OpenDiscussion, text: string): Promise<number | null> {
    const recent = state.messages
      .filter((m) => m.kind === 'contribution')
      .slice(-RECENT_MESSAGES_COMPARED)
      .map((m) => m.text);
    if (recent.length === 0) return null;
    const input = [text, ...recent];
    let vectors: number[][];
    try {
      // Not cached: a new message's text never repeats, and a cache write is a commit per turn.
      ({ vectors } = await this.llm.embed({ tenantId, purpose: 'embed', input }));
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      vectors = input.map((t) => offlineEmbedding(t));
    }
    const [mine, ...theirs] = vectors;
    return Math.max(...theirs.map((vector) => cosineSimilarity(mine, vector)));
  }

  private async settingsOf(tenantId: string, participants: readonly Participant[]): Promise<Map<string, AgentSettings>> {
    const definitions = await this.agents.currentOf(
      tenantId,
      participants.map((p) => p.slug),
    );
    return new Map(
      definitions.map((d) => [
        d.slug,
        {
          persona: d.persona,
          temperature: d.model.temperature,
          maxTokens: d.model.maxTokens,
          providerPreference: d.model.providerPreference,
        },
      ]),
    );
  }
}
