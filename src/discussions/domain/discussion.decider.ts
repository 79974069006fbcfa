import { AggregateNotFoundError, type Decider, DomainError, NotFoundError } from '../../platform/decider/decider.js';
import { agreedProposal, tallyOf, votesUnchanged } from './consensus.js';
import type {
  DecideDiscussion,
  DiscussionCommand,
  OpenDiscussionCommand,
  PostUserMessage,
  ResumeDiscussion,
  TakeTurn,
  TimeOutQuestion,
} from './discussion.commands.js';
import { MAX_PARTICIPANTS, MIN_PARTICIPANTS } from './discussion.commands.js';
import {
  ConsensusStillPossibleError,
  DiscussionExistsError,
  DiscussionOverError,
  IllegalDiscussionTransitionError,
  ParticipantCountError,
  QuestionNotPendingError,
} from './discussion.errors.js';
import type { DiscussionEvent } from './discussion.events.js';
import { type DiscussionState, type OpenDiscussion, evolve, initialState, speakingOrder } from './discussion.state.js';
import type { Phase, Tally } from './discussion.types.js';
import { STUCK_TURNS } from './progress.js';

/** A user's unanswered question is reminded at most this many times before the assumption is taken. */
export const MAX_REMINDERS = 2;

const OVER = ['completed', 'stopped'] as const;
const isOver = (state: OpenDiscussion) => (OVER as readonly string[]).includes(state.status);

function open(state: DiscussionState): OpenDiscussion {
  if (state.status === 'none') throw new AggregateNotFoundError('discussion');
  return state;
}

function notOver(state: DiscussionState): OpenDiscussion {
  const discussion = open(state);
  if (isOver(discussion)) throw new DiscussionOverError(discussion.status);
  return discussion;
}

const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Folds `events` onto `state`, so the next rule sees what they changed. */
function after(state: OpenDiscussion, events: readonly DiscussionEvent[]): OpenDiscussion {
  return events.reduce<DiscussionState>(evolve, state) as OpenDiscussion;
}

/** Who may speak next in the phase: those who have not yet, never the last speaker twice in a row unless alone. */
export function candidatesOf(state: OpenDiscussion): string[] {
  const waiting = speakingOrder(state.participants).filter((slug) => !state.spokenThisPhase.includes(slug));
  const others = waiting.filter((slug) => slug !== state.lastSpeaker);
  return others.length > 0 ? others : waiting;
}

function scheduleNext(state: OpenDiscussion, now: string): DiscussionEvent[] {
  if (state.phase === 'completed') return [];
  return [
    {
      type: 'TurnScheduled',
      data: {
        discussionId: state.id,
        turn: state.turnsTaken + 1,
        phase: state.phase,
        round: state.round,
        candidates: candidatesOf(state),
        schedule: state.schedules + 1,
        scheduledAt: now,
      },
    },
  ];
}

function phaseChange(
  state: OpenDiscussion,
  to: Exclude<Phase, 'completed'>,
  round: number,
  reason: string,
  noticeId: string,
  now: string,
): DiscussionEvent {
  return {
    type: 'PhaseChanged',
    data: { discussionId: state.id, from: state.phase, to, round, reason, messageId: noticeId, changedAt: now },
  };
}

function decisionNeeded(state: OpenDiscussion, reason: string, noticeId: string, now: string): DiscussionEvent {
  const tallies: Record<string, Tally> = {};
  const votes = state.votesByRound[state.round] ?? {};
  for (const proposal of state.proposals) tallies[proposal.id] = tallyOf(votes[proposal.id] ?? {});
  return { type: 'DecisionNeeded', data: { discussionId: state.id, reason, messageId: noticeId, tallies, neededAt: now } };
}

const describeTallies = (state: OpenDiscussion) =>
  state.proposals
    .map((p, i) => {
      const t = tallyOf(state.votesByRound[state.round]?.[p.id] ?? {});
      return `proposal ${i + 1}: ${t.agree} agree, ${t.disagree} disagree, ${t.abstain} abstain`;
    })
    .join('; ');

/** Leaves a contribution phase: to the next phase, or to a vote, or another round when nothing was proposed. */
function leaveContributionPhase(state: OpenDiscussion, why: string, stuck: boolean, noticeId: string, now: string): DiscussionEvent[] {
  const hasProposals = state.proposals.length > 0;
  let change: DiscussionEvent;
  // Stuck with proposals goes to the vote; otherwise initialization always leads to exploration.
  if (state.phase === 'initialization' && !(stuck && hasProposals)) {
    change = phaseChange(state, 'exploration', 0, `${why} Moving on to exploration.`, noticeId, now);
  } else if (hasProposals && (state.phase === 'discussion' || stuck)) {
    change = phaseChange(
      state,
      'consensus',
      Math.max(1, state.round),
      `${why} Moving on to a vote on ${state.proposals.length} proposal(s).`,
      noticeId,
      now,
    );
  } else if (state.phase === 'initialization' || state.phase === 'exploration') {
    change = phaseChange(state, 'discussion', 1, `${why} Moving on to the discussion, round 1 of ${state.maxRounds}.`, noticeId, now);
  } else if (state.round < state.maxRounds) {
    change = phaseChange(
      state,
      'discussion',
      state.round + 1,
      `${why} Nothing has been proposed yet: round ${state.round + 1} of ${state.maxRounds}.`,
      noticeId,
      now,
    );
  } else {
    return [
      decisionNeeded(state, `${why} Nothing was proposed in ${state.maxRounds} round(s): propose an option and decide.`, noticeId, now),
    ];
  }
  return [change, ...scheduleNext(after(state, [change]), now)];
}

/** After every vote is in: agreement, another round, or the user's decision. */
function closeVote(state: OpenDiscussion, noticeId: string, now: string): DiscussionEvent[] {
  const roundVotes = state.votesByRound[state.round] ?? {};
  const agreed = agreedProposal(state.proposals, roundVotes, state.participants.length, state.consensus);
  if (agreed) {
    return [
      {
        type: 'ConsensusReached',
        data: { discussionId: state.id, proposalId: agreed.proposal.id, round: state.round, tally: agreed.tally, reachedAt: now },
      },
    ];
  }
  const tallies = describeTallies(state);
  if (state.round >= state.maxRounds) {
    return [
      decisionNeeded(
        state,
        `No proposal reached ${state.consensus.rule} in ${state.maxRounds} round(s) (${tallies}): the user decides.`,
        noticeId,
        now,
      ),
    ];
  }
  if (votesUnchanged(state.votesByRound[state.round - 1], roundVotes)) {
    return [
      decisionNeeded(
        state,
        `The votes did not change from round ${state.round - 1} (${tallies}): another round would not help, the user decides.`,
        noticeId,
        now,
      ),
    ];
  }
  const change = phaseChange(
    state,
    'discussion',
    state.round + 1,
    `No proposal reached ${state.consensus.rule} in round ${state.round} (${tallies}): round ${state.round + 1} of ${state.maxRounds}.`,
    noticeId,
    now,
  );
  return [change, ...scheduleNext(after(state, [change]), now)];
}

/** What a running discussion does next: another turn, a new phase, a vote's result. */
function advance(state: OpenDiscussion, noticeId: string, now: string): DiscussionEvent[] {
  if (state.status !== 'running') return [];
  if (state.pendingTurn) return [];
  const everyoneSpoke = state.participants.every((p) => state.spokenThisPhase.includes(p.slug));
  if (state.phase === 'consensus') return everyoneSpoke ? closeVote(state, noticeId, now) : scheduleNext(state, now);
  if (state.turnsWithoutProgress >= STUCK_TURNS) {
    return leaveContributionPhase(
      state,
      `The last ${state.turnsWithoutProgress} turns repeated what was said and proposed nothing new.`,
      true,
      noticeId,
      now,
    );
  }
  if (everyoneSpoke) {
    const phaseName = state.phase === 'discussion' ? `Round ${state.round} of the discussion` : `The ${state.phase}`;
    return leaveContributionPhase(state, `${phaseName} is done: every participant has spoken.`, false, noticeId, now);
  }
  return scheduleNext(state, now);
}

function openDiscussion(command: OpenDiscussionCommand, state: DiscussionState): DiscussionEvent[] {
  if (state.status !== 'none') throw new DiscussionExistsError(command.discussionId);
  const slugs = new Set(command.participants.map((p) => p.slug));
  if (slugs.size !== command.participants.length || slugs.size < MIN_PARTICIPANTS || slugs.size > MAX_PARTICIPANTS) {
    throw new ParticipantCountError(command.participants.length, MIN_PARTICIPANTS, MAX_PARTICIPANTS);
  }
  const opened: DiscussionEvent = {
    type: 'DiscussionOpened',
    data: {
      discussionId: command.discussionId,
      organizationId: command.organizationId,
      goal: command.goal,
      squadId: command.squadId,
      participants: command.participants,
      consensus: command.consensus,
      maxRounds: command.maxRounds,
      speakerSelection: command.speakerSelection,
      userQuestionTimeoutSeconds: command.userQuestionTimeoutSeconds,
      onUnansweredQuestion: command.onUnansweredQuestion,
      openedBy: command.by,
      openedAt: command.now,
    },
  };
  if (!command.autoStart) return [opened];
  const started: DiscussionEvent = {
    type: 'DiscussionStarted',
    data: { discussionId: command.discussionId, by: command.by, startedAt: command.now },
  };
  return [opened, started, ...scheduleNext(after(initialStateOf(opened), [started]), command.now)];
}

function initialStateOf(opened: DiscussionEvent): OpenDiscussion {
  return evolve(initialState(), opened) as OpenDiscussion;
}

function takeTurn(command: TakeTurn, state: DiscussionState): DiscussionEvent[] {
  const discussion = open(state);
  const pending = discussion.pendingTurn;
  // A turn already taken, or one the discussion no longer waits for (stopped, re-scheduled): nothing to do.
  if (!pending || pending.turn !== command.turn || !['running', 'paused'].includes(discussion.status)) return [];
  if (!pending.candidates.includes(command.speaker)) {
    throw new DomainError(
      'not_a_candidate',
      `${command.speaker} may not speak at turn ${command.turn}: ${pending.candidates.join(', ')} may`,
    );
  }
  const id = discussion.id;
  const events: DiscussionEvent[] = [
    {
      type: 'AgentSpoke',
      data: {
        discussionId: id,
        turn: command.turn,
        phase: pending.phase,
        round: pending.round,
        speaker: command.speaker,
        messageId: command.messageId,
        parentId: discussion.messages.at(-1)?.id ?? null,
        text: command.text,
        selection: command.selection,
        similarity: command.similarity,
        provider: command.provider,
        model: command.model,
        usage: command.usage,
        spokeAt: command.now,
      },
    },
  ];
  if (pending.phase === 'consensus') {
    const given = new Map(command.votes.map((vote) => [vote.proposalId, vote]));
    for (const proposal of discussion.proposals) {
      const vote = given.get(proposal.id);
      events.push({
        type: 'VoteCast',
        data: {
          discussionId: id,
          proposalId: proposal.id,
          voter: command.speaker,
          choice: vote?.choice ?? 'abstain',
          reason: vote?.reason ?? 'No vote was given on this proposal.',
          round: pending.round,
          messageId: command.messageId,
          castAt: command.now,
        },
      });
    }
  } else {
    if (command.proposal) {
      events.push({
        type: 'ProposalMade',
        data: {
          discussionId: id,
          proposalId: command.proposal.proposalId,
          messageId: command.messageId,
          by: { kind: 'agent', slug: command.speaker },
          text: command.proposal.text,
          round: pending.round,
          madeAt: command.now,
        },
      });
    }
    if (command.question && !discussion.pendingQuestion) {
      events.push({
        type: 'UserQuestionAsked',
        data: {
          discussionId: id,
          questionId: command.question.questionId,
          messageId: command.messageId,
          askedBy: command.speaker,
          text: command.question.text,
          assumption: command.question.assumption,
          askedAt: command.now,
          dueAt: addSeconds(command.now, discussion.userQuestionTimeoutSeconds),
        },
      });
    }
  }
  return [...events, ...advance(after(discussion, events), command.noticeId, command.now)];
}

function postUserMessage(command: PostUserMessage, state: DiscussionState): DiscussionEvent[] {
  const discussion = notOver(state);
  const id = discussion.id;
  const question = discussion.pendingQuestion;
  if (command.inReplyTo !== null && question && command.inReplyTo === question.questionId) {
    const answered: DiscussionEvent = {
      type: 'UserQuestionAnswered',
      data: {
        discussionId: id,
        questionId: question.questionId,
        messageId: command.messageId,
        text: command.text,
        by: command.by,
        answeredAt: command.now,
      },
    };
    return [answered, ...advance(after(discussion, [answered]), command.noticeId, command.now)];
  }
  if (command.inReplyTo !== null) {
    const parent = discussion.messages.find((m) => m.id === command.inReplyTo);
    if (!parent) throw new NotFoundError('message', command.inReplyTo);
    if (parent.kind === 'question') throw new QuestionNotPendingError(command.inReplyTo);
  }
  return [
    {
      type: 'UserMessagePosted',
      data: {
        discussionId: id,
        messageId: command.messageId,
        parentId: command.inReplyTo,
        text: command.text,
        by: command.by,
        postedAt: command.now,
      },
    },
  ];
}

function timeOutQuestion(command: TimeOutQuestion, state: DiscussionState): DiscussionEvent[] {
  const discussion = open(state);
  const question = discussion.pendingQuestion;
  // Answered, re-armed, paused or over since the timer was set: a stale timeout.
  if (discussion.status !== 'awaiting_user' || !question || question.questionId !== command.questionId || question.timer !== command.timer)
    return [];
  const id = discussion.id;
  if (discussion.onUnansweredQuestion === 'remind' && question.reminders < MAX_REMINDERS) {
    const reminder = question.reminders + 1;
    return [
      {
        type: 'UserReminded',
        data: {
          discussionId: id,
          questionId: question.questionId,
          reminder,
          timer: question.timer + 1,
          messageId: command.messageId,
          text: `Reminder ${reminder} of ${MAX_REMINDERS}: the discussion waits for your answer to "${question.text}". Without one it continues on this assumption: ${question.assumption}`,
          remindedAt: command.now,
          dueAt: addSeconds(command.now, discussion.userQuestionTimeoutSeconds),
        },
      },
    ];
  }
  const assumed: DiscussionEvent = {
    type: 'AssumptionMade',
    data: {
      discussionId: id,
      questionId: question.questionId,
      messageId: command.messageId,
      assumption: question.assumption,
      madeAt: command.now,
    },
  };
  return [assumed, ...advance(after(discussion, [assumed]), command.noticeId, command.now)];
}

function resume(command: ResumeDiscussion, state: DiscussionState): DiscussionEvent[] {
  const discussion = notOver(state);
  if (discussion.status !== 'paused') throw new IllegalDiscussionTransitionError(discussion.status, 'resume');
  const question = discussion.pausedFrom === 'awaiting_user' ? discussion.pendingQuestion : null;
  const resumed: DiscussionEvent = {
    type: 'DiscussionResumed',
    data: {
      discussionId: discussion.id,
      by: command.by,
      question: question && {
        questionId: question.questionId,
        timer: question.timer + 1,
        dueAt: addSeconds(command.now, discussion.userQuestionTimeoutSeconds),
      },
      resumedAt: command.now,
    },
  };
  const running = after(discussion, [resumed]);
  // The turn that was due when the pause came is due again, under a new schedule (its old step is stale).
  if (running.status === 'running' && running.pendingTurn) {
    const { turn, phase, round, candidates } = running.pendingTurn;
    return [
      resumed,
      {
        type: 'TurnScheduled',
        data: { discussionId: discussion.id, turn, phase, round, candidates, schedule: running.schedules + 1, scheduledAt: command.now },
      },
    ];
  }
  return [resumed, ...advance(running, command.noticeId, command.now)];
}

function decideByUser(command: DecideDiscussion, state: DiscussionState): DiscussionEvent[] {
  const discussion = notOver(state);
  if (discussion.status !== 'needs_decision') throw new ConsensusStillPossibleError(discussion.status);
  if (!discussion.proposals.some((p) => p.id === command.proposalId)) throw new NotFoundError('proposal', command.proposalId);
  return [
    {
      type: 'UserDecided',
      data: { discussionId: discussion.id, proposalId: command.proposalId, note: command.note, by: command.by, decidedAt: command.now },
    },
  ];
}

export function decideDiscussion(command: DiscussionCommand, state: DiscussionState): DiscussionEvent[] {
  switch (command.type) {
    case 'OpenDiscussion':
      return openDiscussion(command, state);
    case 'StartDiscussion': {
      const discussion = notOver(state);
      if (discussion.status !== 'created') throw new IllegalDiscussionTransitionError(discussion.status, 'start');
      const started: DiscussionEvent = {
        type: 'DiscussionStarted',
        data: { discussionId: discussion.id, by: command.by, startedAt: command.now },
      };
      return [started, ...scheduleNext(after(discussion, [started]), command.now)];
    }
    case 'TakeTurn':
      return takeTurn(command, state);
    case 'PostUserMessage':
      return postUserMessage(command, state);
    case 'ProposeByUser': {
      const discussion = notOver(state);
      // Once agreed or decided, the outcome is being written: a new option could never be voted on.
      if (discussion.status === 'concluding') throw new IllegalDiscussionTransitionError(discussion.status, 'take proposals');
      return [
        {
          type: 'ProposalMade',
          data: {
            discussionId: discussion.id,
            proposalId: command.proposalId,
            messageId: command.messageId,
            by: { kind: 'user', actor: command.by },
            text: command.text,
            round: discussion.round,
            madeAt: command.now,
          },
        },
      ];
    }
    case 'TimeOutQuestion':
      return timeOutQuestion(command, state);
    case 'PauseDiscussion': {
      const discussion = notOver(state);
      if (discussion.status !== 'running' && discussion.status !== 'awaiting_user') {
        throw new IllegalDiscussionTransitionError(discussion.status, 'pause');
      }
      const data = {
        discussionId: discussion.id,
        by: command.by,
        reason: command.reason,
        messageId: command.reason ? command.noticeId : null,
        pausedAt: command.now,
      };
      return [{ type: 'DiscussionPaused', data }];
    }
    case 'ResumeDiscussion':
      return resume(command, state);
    case 'StopDiscussion': {
      const discussion = notOver(state);
      return [
        {
          type: 'DiscussionStopped',
          data: { discussionId: discussion.id, by: command.by, reason: command.reason, stoppedAt: command.now },
        },
      ];
    }
    case 'DecideDiscussion':
      return decideByUser(command, state);
    case 'ConcludeDiscussion': {
      const discussion = open(state);
      const proposal = discussion.proposals.find((p) => p.id === discussion.chosenProposalId);
      // Concluded already (a repeated outcome step), or stopped meanwhile.
      if (discussion.status !== 'concluding' || !proposal) return [];
      const dissent = Object.entries(proposal.votes)
        .filter(([, vote]) => vote.choice === 'disagree')
        .map(([slug, vote]) => ({ slug, reason: vote.reason }));
      return [
        {
          type: 'DiscussionConcluded',
          data: {
            discussionId: discussion.id,
            summary: command.summary,
            decision: {
              proposalId: proposal.id,
              decision: proposal.text,
              decidedBy: discussion.decidedBy ?? 'consensus',
              note: discussion.decisionNote,
              rationale: command.rationale,
              dissent,
              actionItems: command.actionItems,
            },
            provider: command.provider,
            model: command.model,
            usage: command.usage,
            concludedAt: command.now,
          },
        },
      ];
    }
  }
}

export const discussionDecider: Decider<DiscussionState, DiscussionCommand, DiscussionEvent> = {
  initialState,
  evolve,
  decide: decideDiscussion,
};
