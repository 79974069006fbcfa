import { AggregateNotFoundError, DomainError, NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import { DEFAULT_SUPERMAJORITY } from './consensus.js';
import type {
  ConcludeDiscussion,
  DecideDiscussion,
  DiscussionCommand,
  OpenDiscussionCommand,
  PauseDiscussion,
  PostUserMessage,
  ProposeByUser,
  ResumeDiscussion,
  StartDiscussion,
  StopDiscussion,
  TakeTurn,
  TimeOutQuestion,
} from './discussion.commands.js';
import { MAX_REMINDERS, candidatesOf, discussionDecider } from './discussion.decider.js';
import {
  ConsensusStillPossibleError,
  DiscussionExistsError,
  DiscussionOverError,
  IllegalDiscussionTransitionError,
  ParticipantCountError,
  QuestionNotPendingError,
} from './discussion.errors.js';
import type { DiscussionEvent, TurnScheduled } from './discussion.events.js';
import type { DiscussionState, OpenDiscussion, PendingTurn } from './discussion.state.js';
import type { ConsensusRule, Participant, VoteChoice } from './discussion.types.js';
import { NEAR_DUPLICATE_SIMILARITY, STUCK_TURNS } from './progress.js';

const spec = deciderSpec(discussionDecider);
const t0 = '2026-12-01T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();
const alice: Actor = { kind: 'member', id: 'm-alice' };
const base = { discussionId: 'd1' };
const TIMEOUT = 300;
const usage = { inputTokens: 100, outputTokens: 20 };

const agent = (slug: string, speaksFirst = false): Participant => ({
  slug,
  version: '1.0.0',
  name: slug.toUpperCase(),
  role: `${slug}'s role`,
  speaksFirst,
});
const squad = [agent('ada'), agent('bo'), agent('cy')];
const majority: ConsensusRule = { rule: 'majority', threshold: DEFAULT_SUPERMAJORITY };

const openCommand = (over: Partial<OpenDiscussionCommand> = {}): OpenDiscussionCommand => ({
  type: 'OpenDiscussion',
  discussionId: 'd1',
  organizationId: 'org1',
  goal: 'Pick a queue for the billing events',
  squadId: null,
  participants: squad,
  consensus: majority,
  maxRounds: 2,
  speakerSelection: 'round_robin',
  userQuestionTimeoutSeconds: TIMEOUT,
  onUnansweredQuestion: 'assume',
  autoStart: true,
  by: alice,
  now: t0,
  ...over,
});
const openedBy = (command: OpenDiscussionCommand): DiscussionEvent => ({
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
});
const scheduled = (
  turn: number,
  phase: TurnScheduled['data']['phase'],
  round: number,
  candidates: string[],
  schedule: number,
  s: number,
): DiscussionEvent => ({ type: 'TurnScheduled', data: { ...base, turn, phase, round, candidates, schedule, scheduledAt: at(s) } });

/** Turn n happens at n minutes, with message `m<n>` and notice `n<n>`. */
type TurnOutcome = Partial<Omit<TakeTurn, 'type' | 'turn' | 'speaker'>>;
const takeTurn = (turn: number, speaker: string, over: TurnOutcome = {}): TakeTurn => ({
  type: 'TakeTurn',
  turn,
  speaker,
  selection: { by: 'order', reason: 'next in order' },
  messageId: `m${turn}`,
  text: `${speaker} at turn ${turn}`,
  proposal: null,
  question: null,
  votes: [],
  similarity: null,
  provider: 'loopback',
  model: 'loopback-1',
  usage,
  noticeId: `n${turn}`,
  now: at(turn * 60),
  ...over,
});
const start = (s = 10): StartDiscussion => ({ type: 'StartDiscussion', by: alice, now: at(s) });
const post = (inReplyTo: string | null, s = 1000, messageId = 'm-user'): PostUserMessage => ({
  type: 'PostUserMessage',
  messageId,
  text: 'It must stay in the EU.',
  inReplyTo,
  by: alice,
  noticeId: 'n-user',
  now: at(s),
});
const proposeByUser = (proposalId = 'pu', s = 1000): ProposeByUser => ({
  type: 'ProposeByUser',
  proposalId,
  messageId: `m-${proposalId}`,
  text: 'Use Postgres LISTEN/NOTIFY',
  by: alice,
  now: at(s),
});
const timeOut = (timer: number, s = 1000, questionId = 'q1'): TimeOutQuestion => ({
  type: 'TimeOutQuestion',
  questionId,
  timer,
  messageId: `m-timeout-${timer}`,
  noticeId: `n-timeout-${timer}`,
  now: at(s),
});
const pause = (s = 30): PauseDiscussion => ({ type: 'PauseDiscussion', reason: null, noticeId: 'n-pause', by: alice, now: at(s) });
const resume = (s = 2000): ResumeDiscussion => ({ type: 'ResumeDiscussion', by: alice, noticeId: 'n-resume', now: at(s) });
const stop = (s = 30): StopDiscussion => ({ type: 'StopDiscussion', reason: 'Not needed any more', by: alice, now: at(s) });
const decide = (proposalId = 'p1', s = 3000): DecideDiscussion => ({
  type: 'DecideDiscussion',
  proposalId,
  note: 'SQS is what ops already runs',
  by: alice,
  now: at(s),
});
const actionItems = [{ item: 'Create the queue', owner: 'ada' }];
const conclude = (s = 4000): ConcludeDiscussion => ({
  type: 'ConcludeDiscussion',
  summary: 'The squad chose SQS.',
  rationale: 'Managed, cheap, enough throughput',
  actionItems,
  provider: 'loopback',
  model: 'loopback-1',
  usage,
  now: at(s),
});

const question = { questionId: 'q1', text: 'Which region must the queue run in?', assumption: 'eu-west-1 is fine' };
const p1 = { proposalId: 'p1', text: 'Use SQS' };
const p2 = { proposalId: 'p2', text: 'Use Kafka' };
const repeat = { similarity: NEAR_DUPLICATE_SIMILARITY };

const stateOf = (history: DiscussionEvent[]): DiscussionState => history.reduce(discussionDecider.evolve, discussionDecider.initialState());
const openStateOf = (history: DiscussionEvent[]): OpenDiscussion => {
  const state = stateOf(history);
  if (state.status === 'none') throw new Error('the discussion was never opened');
  return state;
};
const pendingOf = (state: OpenDiscussion): PendingTurn => {
  if (!state.pendingTurn) throw new Error(`no turn is due (the discussion is ${state.status})`);
  return state.pendingTurn;
};

/** A command, or one built from the state it meets (the turn that is due, by its first candidate). */
type Step = DiscussionCommand | ((state: OpenDiscussion) => DiscussionCommand);
/** Decides each step on the state the previous ones left, and returns the whole history. */
const run = (steps: Step[], history: DiscussionEvent[] = []): DiscussionEvent[] =>
  steps.reduce((events, step) => {
    const command = typeof step === 'function' ? step(openStateOf(events)) : step;
    return [...events, ...discussionDecider.decide(command, stateOf(events))];
  }, history);

/** The due turn, taken by its first candidate (round robin). */
const speak =
  (over: TurnOutcome = {}): Step =>
  (state) => {
    const { turn, candidates } = pendingOf(state);
    return takeTurn(turn, candidates[0], over);
  };
const everyoneSpeaks = (over: TurnOutcome = {}): Step[] => squad.map(() => speak(over));
/** One consensus round: each voter, in turn order, casts the ballot given for them (proposal → choice). */
const vote = (ballots: Record<string, Record<string, VoteChoice>>, over: TurnOutcome = {}): Step[] =>
  Object.keys(ballots).map(() => (state) => {
    const { turn, candidates } = pendingOf(state);
    const speaker = candidates[0];
    const votes = Object.entries(ballots[speaker] ?? {}).map(([proposalId, choice]) => ({
      proposalId,
      choice,
      reason: `${speaker} says ${choice}`,
    }));
    return takeTurn(turn, speaker, { ...over, votes });
  });

/** Initialization (turns 1–3) and exploration (4–6): turn 7 opens discussion round 1. */
const toDiscussion = (open = openCommand()): Step[] => [open, ...everyoneSpeaks(), ...everyoneSpeaks()];
/** Discussion round 1 proposes p1 (ada, turn 7) and p2 (bo, turn 8): turn 10 is ada's vote in round 1. */
const toVote = (open = openCommand()): Step[] => [...toDiscussion(open), speak({ proposal: p1 }), speak({ proposal: p2 }), speak()];
const split = { ada: { p1: 'agree' }, bo: { p1: 'disagree' }, cy: {} } as const;
const agreeOnP1 = { ada: { p1: 'agree' }, bo: { p1: 'agree' }, cy: { p1: 'disagree' } } as const;

const histories = {
  none: [],
  created: run([openCommand({ autoStart: false })]),
  running: run([openCommand()]),
  awaiting_user: run([openCommand(), speak({ question })]),
  'paused (from running)': run([openCommand(), pause()]),
  'paused (from awaiting_user)': run([openCommand(), speak({ question }), pause(100)]),
  needs_decision: run([...toVote(openCommand({ maxRounds: 1 })), ...vote(split)]),
  concluding: run([...toVote(), ...vote(agreeOnP1)]),
  completed: run([...toVote(), ...vote(agreeOnP1), conclude()]),
  stopped: run([openCommand(), stop()]),
} satisfies Record<string, DiscussionEvent[]>;
type StatusName = keyof typeof histories;
const statusNames = Object.keys(histories) as StatusName[];

const typesOf = (events: DiscussionEvent[]) => events.map((e) => e.type);
const lastOf = (history: DiscussionEvent[], count: number) => history.slice(history.length - count);
const eventsOf = <T extends DiscussionEvent['type']>(events: DiscussionEvent[], type: T) =>
  events.filter((e): e is Extract<DiscussionEvent, { type: T }> => e.type === type);

describe('discussion decider', () => {
  describe('every command in every status', () => {
    type Refusal = new (...args: never[]) => Error;
    /** An error class, or the types of the events decided ([] is nothing). */
    type Outcome = Refusal | DiscussionEvent['type'][];
    const nextTurn = (state: DiscussionState): TakeTurn => {
      if (state.status === 'none') return takeTurn(1, 'ada');
      const pending = state.pendingTurn;
      return takeTurn(pending?.turn ?? state.turnsTaken + 1, pending?.candidates[0] ?? candidatesOf(state)[0] ?? 'ada');
    };
    const commands: Record<DiscussionCommand['type'], (state: DiscussionState) => DiscussionCommand> = {
      OpenDiscussion: () => openCommand(),
      StartDiscussion: () => start(),
      TakeTurn: nextTurn,
      PostUserMessage: () => post(null),
      ProposeByUser: () => proposeByUser(),
      TimeOutQuestion: (state) => timeOut(state.status === 'none' ? 1 : (state.pendingQuestion?.timer ?? 1)),
      PauseDiscussion: () => pause(1000),
      ResumeDiscussion: () => resume(),
      StopDiscussion: () => stop(1000),
      DecideDiscussion: () => decide('p1'),
      ConcludeDiscussion: () => conclude(),
    };
    const over = { completed: DiscussionOverError, stopped: DiscussionOverError };
    const expected: Record<DiscussionCommand['type'], Record<StatusName, Outcome>> = {
      OpenDiscussion: {
        none: ['DiscussionOpened', 'DiscussionStarted', 'TurnScheduled'],
        created: DiscussionExistsError,
        running: DiscussionExistsError,
        awaiting_user: DiscussionExistsError,
        'paused (from running)': DiscussionExistsError,
        'paused (from awaiting_user)': DiscussionExistsError,
        needs_decision: DiscussionExistsError,
        concluding: DiscussionExistsError,
        completed: DiscussionExistsError,
        stopped: DiscussionExistsError,
      },
      StartDiscussion: {
        none: AggregateNotFoundError,
        created: ['DiscussionStarted', 'TurnScheduled'],
        running: IllegalDiscussionTransitionError,
        awaiting_user: IllegalDiscussionTransitionError,
        'paused (from running)': IllegalDiscussionTransitionError,
        'paused (from awaiting_user)': IllegalDiscussionTransitionError,
        needs_decision: IllegalDiscussionTransitionError,
        concluding: IllegalDiscussionTransitionError,
        ...over,
      },
      // A turn step's result is an input: one the discussion no longer waits for is stale, never an error.
      TakeTurn: {
        none: AggregateNotFoundError,
        created: [],
        running: ['AgentSpoke', 'TurnScheduled'],
        awaiting_user: [],
        'paused (from running)': ['AgentSpoke'],
        'paused (from awaiting_user)': [],
        needs_decision: [],
        concluding: [],
        completed: [],
        stopped: [],
      },
      PostUserMessage: {
        none: AggregateNotFoundError,
        created: ['UserMessagePosted'],
        running: ['UserMessagePosted'],
        awaiting_user: ['UserMessagePosted'],
        'paused (from running)': ['UserMessagePosted'],
        'paused (from awaiting_user)': ['UserMessagePosted'],
        needs_decision: ['UserMessagePosted'],
        concluding: ['UserMessagePosted'],
        ...over,
      },
      ProposeByUser: {
        none: AggregateNotFoundError,
        created: ['ProposalMade'],
        running: ['ProposalMade'],
        awaiting_user: ['ProposalMade'],
        'paused (from running)': ['ProposalMade'],
        'paused (from awaiting_user)': ['ProposalMade'],
        needs_decision: ['ProposalMade'],
        // Agreed or decided: a new option could never be voted on.
        concluding: IllegalDiscussionTransitionError,
        ...over,
      },
      // The timeout is delivered by a deadline: when the question no longer waits, it is stale.
      TimeOutQuestion: {
        none: AggregateNotFoundError,
        created: [],
        running: [],
        awaiting_user: ['AssumptionMade', 'TurnScheduled'],
        'paused (from running)': [],
        'paused (from awaiting_user)': [],
        needs_decision: [],
        concluding: [],
        completed: [],
        stopped: [],
      },
      PauseDiscussion: {
        none: AggregateNotFoundError,
        created: IllegalDiscussionTransitionError,
        running: ['DiscussionPaused'],
        awaiting_user: ['DiscussionPaused'],
        'paused (from running)': IllegalDiscussionTransitionError,
        'paused (from awaiting_user)': IllegalDiscussionTransitionError,
        needs_decision: IllegalDiscussionTransitionError,
        concluding: IllegalDiscussionTransitionError,
        ...over,
      },
      ResumeDiscussion: {
        none: AggregateNotFoundError,
        created: IllegalDiscussionTransitionError,
        running: IllegalDiscussionTransitionError,
        awaiting_user: IllegalDiscussionTransitionError,
        'paused (from running)': ['DiscussionResumed', 'TurnScheduled'],
        'paused (from awaiting_user)': ['DiscussionResumed'],
        needs_decision: IllegalDiscussionTransitionError,
        concluding: IllegalDiscussionTransitionError,
        ...over,
      },
      StopDiscussion: {
        none: AggregateNotFoundError,
        created: ['DiscussionStopped'],
        running: ['DiscussionStopped'],
        awaiting_user: ['DiscussionStopped'],
        'paused (from running)': ['DiscussionStopped'],
        'paused (from awaiting_user)': ['DiscussionStopped'],
        needs_decision: ['DiscussionStopped'],
        concluding: ['DiscussionStopped'],
        ...over,
      },
      DecideDiscussion: {
        none: AggregateNotFoundError,
        created: ConsensusStillPossibleError,
        running: ConsensusStillPossibleError,
        awaiting_user: ConsensusStillPossibleError,
        'paused (from running)': ConsensusStillPossibleError,
        'paused (from awaiting_user)': ConsensusStillPossibleError,
        needs_decision: ['UserDecided'],
        concluding: ConsensusStillPossibleError,
        ...over,
      },
      // The outcome step's result: repeated, or arriving after a stop, it changes nothing.
      ConcludeDiscussion: {
        none: AggregateNotFoundError,
        created: [],
        running: [],
        awaiting_user: [],
        'paused (from running)': [],
        'paused (from awaiting_user)': [],
        needs_decision: [],
        concluding: ['DiscussionConcluded'],
        completed: [],
        stopped: [],
      },
    };

    it('the fixtures are in the status they are named for', () => {
      for (const name of statusNames) expect(stateOf(histories[name]).status).toBe(name.split(' ')[0]);
      expect(openStateOf(histories['paused (from running)']).pausedFrom).toBe('running');
      expect(openStateOf(histories['paused (from awaiting_user)']).pausedFrom).toBe('awaiting_user');
    });

    describe.each(Object.keys(commands) as DiscussionCommand['type'][])('%s', (type) => {
      it.each(statusNames)('when %s', (name) => {
        const state = stateOf(histories[name]);
        const outcome = expected[type][name];
        if (typeof outcome === 'function') return spec.given(histories[name]).when(commands[type](state)).thenThrows(outcome);
        expect(typesOf(discussionDecider.decide(commands[type](state), state))).toEqual(outcome);
      });
    });

    it('a refusal on a discussion that does not exist is a not-found', () => {
      spec
        .given([])
        .when(start())
        .thenThrows(NotFoundError, /discussion/);
    });

    it.each(['completed', 'stopped'] as const)('a refusal on a %s discussion names its status', (name) => {
      spec.given(histories[name]).when(post(null)).thenThrows(DiscussionOverError, `the discussion is ${name}`);
    });
  });

  describe('OpenDiscussion', () => {
    it('opens, starts and schedules the first turn for the participants in order when it starts at once', () => {
      const command = openCommand();
      spec
        .given([])
        .when(command)
        .then([
          openedBy(command),
          { type: 'DiscussionStarted', data: { ...base, by: alice, startedAt: t0 } },
          scheduled(1, 'initialization', 0, ['ada', 'bo', 'cy'], 1, 0),
        ]);
      spec
        .given([])
        .when(command)
        .thenState((state) =>
          expect(state).toMatchObject({
            status: 'running',
            phase: 'initialization',
            round: 0,
            turnsTaken: 0,
            pendingTurn: { turn: 1, phase: 'initialization', round: 0, candidates: ['ada', 'bo', 'cy'], schedule: 1 },
          }),
        );
    });

    it('only opens when told not to start: nothing is scheduled until StartDiscussion', () => {
      const command = openCommand({ autoStart: false });
      spec
        .given([])
        .when(command)
        .then([openedBy(command)]);
      spec
        .given([])
        .when(command)
        .thenState((state) => expect(state).toMatchObject({ status: 'created', pendingTurn: null }));
      spec
        .given(histories.created)
        .when(start(10))
        .then([
          { type: 'DiscussionStarted', data: { ...base, by: alice, startedAt: at(10) } },
          scheduled(1, 'initialization', 0, ['ada', 'bo', 'cy'], 1, 10),
        ]);
    });

    it('puts the agents whose persona speaks first at the head of the first turn’s candidates, the rest as listed', () => {
      const participants = [agent('ada'), agent('bo', true), agent('cy'), agent('dee', true)];
      const [, , first] = discussionDecider.decide(openCommand({ participants }), discussionDecider.initialState());
      expect(first).toEqual(scheduled(1, 'initialization', 0, ['bo', 'dee', 'ada', 'cy'], 1, 0));
    });

    it.each([
      ['one agent', [agent('ada')]],
      ['eleven agents', Array.from({ length: 11 }, (_, i) => agent(`a${i}`))],
      ['the same agent twice', [agent('ada'), agent('bo'), agent('ada')]],
    ])('refuses %s (2 to 10 distinct agents)', (_, participants) => {
      spec
        .given([])
        .when(openCommand({ participants }))
        .thenThrows(ParticipantCountError, /2 to 10 distinct agents/);
    });

    it.each([2, 10])('accepts %i agents', (count) => {
      const participants = Array.from({ length: count }, (_, i) => agent(`a${i}`));
      spec
        .given([])
        .when(openCommand({ participants, autoStart: false }))
        .thenState((state) => expect(state).toMatchObject({ status: 'created', participants }));
    });

    it('refuses a second opening under the same id', () => {
      spec.given(histories.created).when(openCommand()).thenThrows(DiscussionExistsError, 'discussion d1 already exists');
    });
  });

  describe('turns in round-robin order', () => {
    it('records the spoken turn and schedules the next one for those who have not spoken in the phase', () => {
      spec
        .given(histories.running)
        .when(takeTurn(1, 'ada'))
        .then([
          {
            type: 'AgentSpoke',
            data: {
              ...base,
              turn: 1,
              phase: 'initialization',
              round: 0,
              speaker: 'ada',
              messageId: 'm1',
              parentId: null,
              text: 'ada at turn 1',
              selection: { by: 'order', reason: 'next in order' },
              similarity: null,
              provider: 'loopback',
              model: 'loopback-1',
              usage,
              spokeAt: at(60),
            },
          },
          scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, 60),
        ]);
    });

    it('threads each turn under the latest message and adds up the usage', () => {
      const history = run([openCommand(), speak(), speak()]);
      expect(eventsOf(history, 'AgentSpoke').map((e) => e.data.parentId)).toEqual([null, 'm1']);
      expect(openStateOf(history).usage).toEqual({ inputTokens: 200, outputTokens: 40 });
    });

    it('goes initialization → exploration → discussion round 1 → consensus, every agent once per phase', () => {
      const history = run([...toVote(), ...vote(agreeOnP1)]);
      const turns = eventsOf(history, 'TurnScheduled').map(({ data }) => [data.turn, data.phase, data.round, data.candidates]);
      expect(turns).toEqual([
        [1, 'initialization', 0, ['ada', 'bo', 'cy']],
        [2, 'initialization', 0, ['bo', 'cy']],
        [3, 'initialization', 0, ['cy']],
        // cy spoke last: it does not open the next phase.
        [4, 'exploration', 0, ['ada', 'bo']],
        [5, 'exploration', 0, ['bo', 'cy']],
        [6, 'exploration', 0, ['cy']],
        [7, 'discussion', 1, ['ada', 'bo']],
        [8, 'discussion', 1, ['bo', 'cy']],
        [9, 'discussion', 1, ['cy']],
        [10, 'consensus', 1, ['ada', 'bo']],
        [11, 'consensus', 1, ['bo', 'cy']],
        [12, 'consensus', 1, ['cy']],
      ]);
      expect(eventsOf(history, 'PhaseChanged').map(({ data }) => data)).toEqual([
        {
          ...base,
          from: 'initialization',
          to: 'exploration',
          round: 0,
          reason: 'The initialization is done: every participant has spoken. Moving on to exploration.',
          messageId: 'n3',
          changedAt: at(180),
        },
        {
          ...base,
          from: 'exploration',
          to: 'discussion',
          round: 1,
          reason: 'The exploration is done: every participant has spoken. Moving on to the discussion, round 1 of 2.',
          messageId: 'n6',
          changedAt: at(360),
        },
        {
          ...base,
          from: 'discussion',
          to: 'consensus',
          round: 1,
          reason: 'Round 1 of the discussion is done: every participant has spoken. Moving on to a vote on 2 proposal(s).',
          messageId: 'n9',
          changedAt: at(540),
        },
      ]);
      expect(typesOf(lastOf(history, 4))).toEqual(['AgentSpoke', 'VoteCast', 'VoteCast', 'ConsensusReached']);
    });

    it('the phase change is told as a system message and the next turn follows it', () => {
      const history = run([openCommand(), speak(), speak()]);
      spec
        .given(history)
        .when(takeTurn(3, 'cy'))
        .thenState((state) => {
          const discussion = state as OpenDiscussion;
          expect(discussion).toMatchObject({ phase: 'exploration', round: 0, spokenThisPhase: [], lastSpeaker: 'cy' });
          expect(discussion.messages.at(-1)).toMatchObject({ id: 'n3', kind: 'system', by: { kind: 'system' }, phase: 'exploration' });
        });
    });

    it('a proposal made before the discussion does not start a vote early: exploration still leads to discussion', () => {
      const history = run([openCommand(), speak({ proposal: p1 }), speak(), speak(), speak({ proposal: p2 }), speak(), speak()]);
      expect(eventsOf(history, 'PhaseChanged').map(({ data }) => [data.from, data.to, data.round])).toEqual([
        ['initialization', 'exploration', 0],
        ['exploration', 'discussion', 1],
      ]);
      expect(openStateOf(history).proposals.map((p) => [p.id, p.round, p.by])).toEqual([
        ['p1', 0, { kind: 'agent', slug: 'ada' }],
        ['p2', 0, { kind: 'agent', slug: 'ada' }],
      ]);
    });

    it('no agent speaks twice in a row, even when the selector picks the last candidate every time', () => {
      const lastCandidate: Step = (state) => {
        const { turn, candidates } = pendingOf(state);
        return takeTurn(turn, candidates[candidates.length - 1], { selection: { by: 'selector', reason: 'most relevant' } });
      };
      const history = run([openCommand({ speakerSelection: 'selector' }), ...Array.from({ length: 9 }, () => lastCandidate)]);
      const speakers = eventsOf(history, 'AgentSpoke').map((e) => e.data.speaker);
      expect(speakers).toEqual(['cy', 'bo', 'ada', 'cy', 'bo', 'ada', 'cy', 'bo', 'ada']);
      speakers.slice(1).forEach((speaker, i) => expect(speaker).not.toBe(speakers[i]));
    });

    it('candidatesOf leaves out the last speaker unless nobody else is waiting', () => {
      const phaseStart = openStateOf(run([openCommand(), speak(), speak(), speak()]));
      expect(candidatesOf(phaseStart)).toEqual(['ada', 'bo']);
      expect(candidatesOf({ ...phaseStart, spokenThisPhase: ['ada', 'bo'] })).toEqual(['cy']);
    });

    it('refuses a speaker who is not among the candidates', () => {
      spec
        .given(run([openCommand(), speak()]))
        .when(takeTurn(2, 'ada'))
        .thenThrows(DomainError, /ada may not speak at turn 2: bo, cy may/);
    });

    it('a turn step for a turn that is not due is stale', () => {
      spec.given(histories.running).when(takeTurn(2, 'ada')).thenNothingHappened();
    });

    it('a turn step repeated after the turn was taken is stale', () => {
      spec
        .given(run([openCommand(), speak()]))
        .when(takeTurn(1, 'ada'))
        .thenNothingHappened();
    });

    it('a turn step arriving after the stop is stale', () => {
      spec.given(histories.stopped).when(takeTurn(1, 'ada')).thenNothingHappened();
    });
  });

  describe('questions to the user', () => {
    const askedAt = 60;

    it('a turn that asks the user waits for the answer: nothing more is scheduled', () => {
      const given = spec.given(histories.running).when(takeTurn(1, 'ada', { question }));
      given.then([
        expect.objectContaining({ type: 'AgentSpoke' }),
        {
          type: 'UserQuestionAsked',
          data: {
            ...base,
            questionId: 'q1',
            messageId: 'm1',
            askedBy: 'ada',
            text: question.text,
            assumption: question.assumption,
            askedAt: at(askedAt),
            dueAt: at(askedAt + TIMEOUT),
          },
        },
      ]);
      given.thenState((state) =>
        expect(state).toMatchObject({
          status: 'awaiting_user',
          pendingTurn: null,
          pendingQuestion: { questionId: 'q1', messageId: 'm1', askedBy: 'ada', reminders: 0, timer: 1, dueAt: at(askedAt + TIMEOUT) },
        }),
      );
    });

    it('the answer (a message in reply to the question) lets the discussion go on with the next turn', () => {
      spec
        .given(histories.awaiting_user)
        .when(post('q1', 200, 'm-answer'))
        .then([
          {
            type: 'UserQuestionAnswered',
            data: { ...base, questionId: 'q1', messageId: 'm-answer', text: 'It must stay in the EU.', by: alice, answeredAt: at(200) },
          },
          scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, 200),
        ]);
      spec
        .given(histories.awaiting_user)
        .when(post('q1', 200, 'm-answer'))
        .thenState((state) => {
          expect(state).toMatchObject({ status: 'running', pendingQuestion: null });
          expect((state as OpenDiscussion).messages.at(-1)).toMatchObject({ id: 'm-answer', kind: 'answer', parentId: 'q1' });
        });
    });

    it('a second answer to the same question is refused: it is no longer pending', () => {
      const answered = run([post('q1', 200)], histories.awaiting_user);
      spec
        .given(answered)
        .when(post('q1', 300, 'm-again'))
        .thenThrows(QuestionNotPendingError, 'message q1 is not a question');
    });

    it('an answer after the assumption was made is refused', () => {
      const assumed = run([timeOut(1, askedAt + TIMEOUT)], histories.awaiting_user);
      spec.given(assumed).when(post('q1')).thenThrows(QuestionNotPendingError);
    });

    it('a reply to a message that does not exist is not found', () => {
      spec.given(histories.awaiting_user).when(post('nope')).thenThrows(NotFoundError, 'message nope was not found');
    });

    it('a reply to an agent’s message is a threaded user message, not an answer', () => {
      spec
        .given(histories.awaiting_user)
        .when(post('m1'))
        .then([
          {
            type: 'UserMessagePosted',
            data: { ...base, messageId: 'm-user', parentId: 'm1', text: 'It must stay in the EU.', by: alice, postedAt: at(1000) },
          },
        ]);
      spec
        .given(histories.awaiting_user)
        .when(post('m1'))
        .thenState((state) => expect(state).toMatchObject({ status: 'awaiting_user', pendingQuestion: { questionId: 'q1' } }));
    });

    describe("when the user does not answer in time (policy 'assume')", () => {
      it('the discussion goes on with the question’s assumption', () => {
        spec
          .given(histories.awaiting_user)
          .when(timeOut(1, askedAt + TIMEOUT))
          .then([
            {
              type: 'AssumptionMade',
              data: { ...base, questionId: 'q1', messageId: 'm-timeout-1', assumption: question.assumption, madeAt: at(askedAt + TIMEOUT) },
            },
            scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, askedAt + TIMEOUT),
          ]);
        spec
          .given(histories.awaiting_user)
          .when(timeOut(1, askedAt + TIMEOUT))
          .thenState((state) => {
            expect(state).toMatchObject({ status: 'running', pendingQuestion: null });
            expect((state as OpenDiscussion).messages.at(-1)).toMatchObject({
              kind: 'system',
              parentId: 'q1',
              text: `No answer in time; the discussion continues on this assumption: ${question.assumption}`,
            });
          });
      });
    });

    describe("when the user does not answer in time (policy 'remind')", () => {
      const asked = run([openCommand({ onUnansweredQuestion: 'remind' }), speak({ question })]);
      const reminded = (reminder: number, s: number): DiscussionEvent => ({
        type: 'UserReminded',
        data: {
          ...base,
          questionId: 'q1',
          reminder,
          timer: reminder + 1,
          messageId: `m-timeout-${reminder}`,
          text: `Reminder ${reminder} of ${MAX_REMINDERS}: the discussion waits for your answer to "${question.text}". Without one it continues on this assumption: ${question.assumption}`,
          remindedAt: at(s),
          dueAt: at(s + TIMEOUT),
        },
      });

      it('reminds the user and sets a new timer', () => {
        spec
          .given(asked)
          .when(timeOut(1, 360))
          .then([reminded(1, 360)]);
        spec
          .given(asked)
          .when(timeOut(1, 360))
          .thenState((state) =>
            expect(state).toMatchObject({ status: 'awaiting_user', pendingQuestion: { reminders: 1, timer: 2, dueAt: at(660) } }),
          );
      });

      it(`reminds ${MAX_REMINDERS} times, then goes on with the assumption`, () => {
        expect(MAX_REMINDERS).toBe(2);
        const twice = run([timeOut(1, 360), timeOut(2, 660)], asked);
        expect(lastOf(twice, 2)).toEqual([reminded(1, 360), reminded(2, 660)]);
        spec
          .given(twice)
          .when(timeOut(3, 960))
          .then([
            {
              type: 'AssumptionMade',
              data: { ...base, questionId: 'q1', messageId: 'm-timeout-3', assumption: question.assumption, madeAt: at(960) },
            },
            scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, 960),
          ]);
      });

      it('the timer a reminder replaced is stale', () => {
        spec
          .given(run([timeOut(1, 360)], asked))
          .when(timeOut(1, 400))
          .thenNothingHappened();
      });
    });

    it('a timeout for an answered question is stale', () => {
      spec
        .given(run([post('q1', 200)], histories.awaiting_user))
        .when(timeOut(1, 360))
        .thenNothingHappened();
    });

    it('a timeout with the wrong timer or for another question is stale', () => {
      spec.given(histories.awaiting_user).when(timeOut(2, 360)).thenNothingHappened();
      spec
        .given(histories.awaiting_user)
        .when(timeOut(1, 360, 'q-other'))
        .thenNothingHappened();
    });
  });

  describe('pause and resume', () => {
    const pausedDuringTurn = histories['paused (from running)'];

    it('pausing a running discussion records who paused it and when', () => {
      spec
        .given(histories.running)
        .when(pause(30))
        .then([{ type: 'DiscussionPaused', data: { ...base, by: alice, reason: null, messageId: null, pausedAt: at(30) } }]);
    });

    it('the turn under way when the pause came is recorded, but nothing more is scheduled', () => {
      spec
        .given(pausedDuringTurn)
        .when(takeTurn(1, 'ada'))
        .then([expect.objectContaining({ type: 'AgentSpoke' })]);
      spec
        .given(pausedDuringTurn)
        .when(takeTurn(1, 'ada'))
        .thenState((state) => expect(state).toMatchObject({ status: 'paused', pendingTurn: null, turnsTaken: 1 }));
    });

    it('resuming after that turn finished advances to the next turn', () => {
      spec
        .given(run([takeTurn(1, 'ada')], pausedDuringTurn))
        .when(resume(2000))
        .then([
          { type: 'DiscussionResumed', data: { ...base, by: alice, question: null, resumedAt: at(2000) } },
          scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, 2000),
        ]);
    });

    it('resuming while the turn was still due schedules it again under a new schedule number', () => {
      spec
        .given(pausedDuringTurn)
        .when(resume(2000))
        .then([
          { type: 'DiscussionResumed', data: { ...base, by: alice, question: null, resumedAt: at(2000) } },
          scheduled(1, 'initialization', 0, ['ada', 'bo', 'cy'], 2, 2000),
        ]);
    });

    it('the re-scheduled turn is taken once: a second result for it is stale', () => {
      const history = run([resume(2000), takeTurn(1, 'ada')], pausedDuringTurn);
      spec.given(history).when(takeTurn(1, 'ada')).thenNothingHappened();
      expect(openStateOf(history).pendingTurn).toMatchObject({ turn: 2, schedule: 3 });
    });

    it('resuming into a pending question sets its timer again (the pause stopped the old one)', () => {
      const paused = histories['paused (from awaiting_user)'];
      spec
        .given(paused)
        .when(resume(2000))
        .then([
          {
            type: 'DiscussionResumed',
            data: { ...base, by: alice, question: { questionId: 'q1', timer: 2, dueAt: at(2000 + TIMEOUT) }, resumedAt: at(2000) },
          },
        ]);
      const resumed = run([resume(2000)], paused);
      expect(openStateOf(resumed)).toMatchObject({ status: 'awaiting_user', pausedFrom: null, pendingQuestion: { timer: 2 } });
      spec.given(resumed).when(timeOut(1, 2100)).thenNothingHappened();
      expect(typesOf(discussionDecider.decide(timeOut(2, 2300), stateOf(resumed)))).toEqual(['AssumptionMade', 'TurnScheduled']);
    });

    it('a timeout that falls during the pause is stale', () => {
      spec.given(histories['paused (from awaiting_user)']).when(timeOut(1, 360)).thenNothingHappened();
    });

    it('a question asked by the turn that finished during the pause is waited for on resume, with a new timer', () => {
      const history = run([speak({ question })], pausedDuringTurn);
      expect(openStateOf(history)).toMatchObject({ status: 'paused', pausedFrom: 'awaiting_user' });
      spec
        .given(history)
        .when(resume(2000))
        .then([
          {
            type: 'DiscussionResumed',
            data: { ...base, by: alice, question: { questionId: 'q1', timer: 2, dueAt: at(2000 + TIMEOUT) }, resumedAt: at(2000) },
          },
        ]);
    });

    it('an answer given during the pause is kept; the discussion resumes to the next turn', () => {
      const answered = run([post('q1', 200)], histories['paused (from awaiting_user)']);
      expect(typesOf(lastOf(answered, 1))).toEqual(['UserQuestionAnswered']);
      expect(openStateOf(answered)).toMatchObject({ status: 'paused', pausedFrom: 'running', pendingQuestion: null });
      spec
        .given(answered)
        .when(resume(2000))
        .then([
          { type: 'DiscussionResumed', data: { ...base, by: alice, question: null, resumedAt: at(2000) } },
          scheduled(2, 'initialization', 0, ['bo', 'cy'], 2, 2000),
        ]);
    });

    it('the last vote cast during a pause is counted on resume', () => {
      const history = run([...toVote(), ...vote(agreeOnP1).slice(0, 2), pause(700), ...vote(agreeOnP1).slice(2)]);
      expect(typesOf(lastOf(history, 3))).toEqual(['AgentSpoke', 'VoteCast', 'VoteCast']);
      expect(typesOf(discussionDecider.decide(resume(2000), stateOf(history)))).toEqual(['DiscussionResumed', 'ConsensusReached']);
    });
  });

  describe('StopDiscussion', () => {
    it('stops with the reason, and no turn is due any more', () => {
      spec
        .given(histories.running)
        .when(stop(30))
        .then([{ type: 'DiscussionStopped', data: { ...base, by: alice, reason: 'Not needed any more', stoppedAt: at(30) } }]);
      spec
        .given(histories['paused (from running)'])
        .when(stop(40))
        .thenState((state) => expect(state).toMatchObject({ status: 'stopped', pendingTurn: null, pausedFrom: null }));
    });

    it('a question timer running at the stop is stale', () => {
      spec
        .given(run([stop(100)], histories.awaiting_user))
        .when(timeOut(1, 360))
        .thenNothingHappened();
    });
  });

  describe('votes', () => {
    const voting = run(toVote());
    const castBy = (voter: string, proposalId: string, choice: VoteChoice, reason: string, turn: number): DiscussionEvent => ({
      type: 'VoteCast',
      data: { ...base, proposalId, voter, choice, reason, round: 1, messageId: `m${turn}`, castAt: at(turn * 60) },
    });

    it('a consensus turn casts one vote per open proposal; a missing one is an abstention, an unknown one is ignored', () => {
      const votes = [
        { proposalId: 'p1', choice: 'agree' as const, reason: 'Managed' },
        { proposalId: 'p-unknown', choice: 'agree' as const, reason: 'Made up' },
      ];
      const [spoke, ...rest] = discussionDecider.decide(takeTurn(10, 'ada', { votes }), stateOf(voting));
      expect(spoke).toMatchObject({ type: 'AgentSpoke', data: { phase: 'consensus', round: 1, speaker: 'ada' } });
      expect(rest).toEqual([
        castBy('ada', 'p1', 'agree', 'Managed', 10),
        castBy('ada', 'p2', 'abstain', 'No vote was given on this proposal.', 10),
        scheduled(11, 'consensus', 1, ['bo', 'cy'], 11, 600),
      ]);
    });

    it('a consensus turn proposes nothing and asks nothing, whatever it carries', () => {
      const history = run([takeTurn(10, 'ada', { proposal: { proposalId: 'p9', text: 'Late' }, question })], voting);
      expect(openStateOf(history)).toMatchObject({ status: 'running', pendingQuestion: null });
      expect(openStateOf(history).proposals.map((p) => p.id)).toEqual(['p1', 'p2']);
    });

    it('a vote message is recorded as a vote', () => {
      expect(openStateOf(run(vote(agreeOnP1).slice(0, 1), voting)).messages.at(-1)).toMatchObject({ id: 'm10', kind: 'vote' });
    });

    it('under majority, more agree than disagree reaches consensus on the proposal', () => {
      const history = run(vote(agreeOnP1), voting);
      expect(lastOf(history, 1)).toEqual([
        {
          type: 'ConsensusReached',
          data: { ...base, proposalId: 'p1', round: 1, tally: { agree: 2, disagree: 1, abstain: 0 }, reachedAt: at(720) },
        },
      ]);
      expect(openStateOf(history)).toMatchObject({
        status: 'concluding',
        chosenProposalId: 'p1',
        decidedBy: 'consensus',
        pendingTurn: null,
      });
    });

    it('when two proposals pass, the one with more agree is chosen', () => {
      const history = run(
        vote({ ada: { p1: 'agree', p2: 'agree' }, bo: { p1: 'disagree', p2: 'agree' }, cy: { p1: 'agree', p2: 'agree' } }),
        voting,
      );
      expect(lastOf(history, 1)[0]).toMatchObject({ type: 'ConsensusReached', data: { proposalId: 'p2' } });
    });

    it.each<[string, ConsensusRule, Record<string, Record<string, VoteChoice>>, boolean]>([
      ['majority: 2 agree, 1 disagree', majority, agreeOnP1, true],
      ['majority: 1 agree, 1 disagree, 1 abstains', majority, split, false],
      ['majority: 1 agree and two missing votes (no quorum)', majority, { ada: { p1: 'agree' }, bo: {}, cy: {} }, false],
      ['supermajority 2/3: 2 agree, 1 disagree', { rule: 'supermajority', threshold: DEFAULT_SUPERMAJORITY }, agreeOnP1, true],
      ['supermajority 3/4: 2 agree, 1 disagree', { rule: 'supermajority', threshold: 0.75 }, agreeOnP1, false],
      [
        'supermajority 3/4: 3 agree',
        { rule: 'supermajority', threshold: 0.75 },
        { ada: { p1: 'agree' }, bo: { p1: 'agree' }, cy: { p1: 'agree' } },
        true,
      ],
      ['unanimity: 2 agree, 1 disagree', { rule: 'unanimity', threshold: DEFAULT_SUPERMAJORITY }, agreeOnP1, false],
      [
        'unanimity: 2 agree, 1 missing vote (abstains)',
        { rule: 'unanimity', threshold: DEFAULT_SUPERMAJORITY },
        { ada: { p1: 'agree' }, bo: { p1: 'agree' }, cy: {} },
        true,
      ],
    ])('%s → consensus: %s', (_, consensus, ballots, reached) => {
      const history = run([...toVote(openCommand({ consensus })), ...vote(ballots)]);
      expect(lastOf(history, 1)[0].type).toBe(reached ? 'ConsensusReached' : 'TurnScheduled');
    });

    it('a missing vote counts as an abstention in the tally', () => {
      const history = run([
        ...toVote(openCommand({ consensus: { rule: 'unanimity', threshold: DEFAULT_SUPERMAJORITY } })),
        ...vote({ ada: { p1: 'agree' }, bo: { p1: 'agree' }, cy: {} }),
      ]);
      expect(lastOf(history, 1)[0]).toMatchObject({ type: 'ConsensusReached', data: { tally: { agree: 2, disagree: 0, abstain: 1 } } });
    });

    it('without consensus, another discussion round follows, opened by someone other than the last voter', () => {
      const history = run(vote(split), voting);
      expect(lastOf(history, 2)).toEqual([
        {
          type: 'PhaseChanged',
          data: {
            ...base,
            from: 'consensus',
            to: 'discussion',
            round: 2,
            reason:
              'No proposal reached majority in round 1 (proposal 1: 1 agree, 1 disagree, 1 abstain; proposal 2: 0 agree, 0 disagree, 3 abstain): round 2 of 2.',
            messageId: 'n12',
            changedAt: at(720),
          },
        },
        scheduled(13, 'discussion', 2, ['ada', 'bo'], 13, 720),
      ]);
    });

    it('without consensus in the last round, the user decides', () => {
      spec
        .given(run([...toVote(openCommand({ maxRounds: 1 })), ...vote(split).slice(0, 2)]))
        .when(takeTurn(12, 'cy'))
        .then([
          expect.objectContaining({ type: 'AgentSpoke' }),
          expect.objectContaining({ type: 'VoteCast' }),
          expect.objectContaining({ type: 'VoteCast' }),
          {
            type: 'DecisionNeeded',
            data: {
              ...base,
              reason:
                'No proposal reached majority in 1 round(s) (proposal 1: 1 agree, 1 disagree, 1 abstain; proposal 2: 0 agree, 0 disagree, 3 abstain): the user decides.',
              messageId: 'n12',
              tallies: { p1: { agree: 1, disagree: 1, abstain: 1 }, p2: { agree: 0, disagree: 0, abstain: 3 } },
              neededAt: at(720),
            },
          },
        ]);
      expect(openStateOf(histories.needs_decision)).toMatchObject({ status: 'needs_decision', pendingTurn: null });
    });

    it('the second round of two without consensus ends in the user’s decision', () => {
      const history = run([...toVote(), ...vote(split), ...everyoneSpeaks(), ...vote({ ada: { p2: 'agree' }, bo: {}, cy: {} })]);
      expect(lastOf(history, 1)[0]).toMatchObject({
        type: 'DecisionNeeded',
        data: { reason: expect.stringMatching(/^No proposal reached majority in 2 round\(s\)/) },
      });
    });

    it('votes unchanged from the previous round end the rounds early: the user decides', () => {
      const history = run([...toVote(openCommand({ maxRounds: 3 })), ...vote(split), ...everyoneSpeaks(), ...vote(split)]);
      expect(lastOf(history, 1)).toEqual([
        {
          type: 'DecisionNeeded',
          data: {
            ...base,
            reason:
              'The votes did not change from round 1 (proposal 1: 1 agree, 1 disagree, 1 abstain; proposal 2: 0 agree, 0 disagree, 3 abstain): another round would not help, the user decides.',
            messageId: 'n18',
            tallies: { p1: { agree: 1, disagree: 1, abstain: 1 }, p2: { agree: 0, disagree: 0, abstain: 3 } },
            neededAt: at(18 * 60),
          },
        },
      ]);
    });

    it('votes that changed go on to another round', () => {
      const changed = { ada: { p1: 'agree' }, bo: { p1: 'abstain' }, cy: { p1: 'disagree' } } as const;
      const history = run([...toVote(openCommand({ maxRounds: 3 })), ...vote(split), ...everyoneSpeaks(), ...vote(changed)]);
      expect(lastOf(history, 2)[0]).toMatchObject({ type: 'PhaseChanged', data: { from: 'consensus', to: 'discussion', round: 3 } });
    });
  });

  describe('a discussion round without proposals', () => {
    it('is followed by another discussion round', () => {
      const history = run([...toDiscussion(), ...everyoneSpeaks()]);
      expect(lastOf(history, 2)).toEqual([
        {
          type: 'PhaseChanged',
          data: {
            ...base,
            from: 'discussion',
            to: 'discussion',
            round: 2,
            reason: 'Round 1 of the discussion is done: every participant has spoken. Nothing has been proposed yet: round 2 of 2.',
            messageId: 'n9',
            changedAt: at(540),
          },
        },
        scheduled(10, 'discussion', 2, ['ada', 'bo'], 10, 540),
      ]);
    });

    it('in the last round, the user is asked to propose and decide', () => {
      const history = run([...toDiscussion(), ...everyoneSpeaks(), ...everyoneSpeaks()]);
      expect(lastOf(history, 1)).toEqual([
        {
          type: 'DecisionNeeded',
          data: {
            ...base,
            reason:
              'Round 2 of the discussion is done: every participant has spoken. Nothing was proposed in 2 round(s): propose an option and decide.',
            messageId: 'n12',
            tallies: {},
            neededAt: at(720),
          },
        },
      ]);
    });
  });

  describe('stuck detection', () => {
    const stuckReason = `The last ${STUCK_TURNS} turns repeated what was said and proposed nothing new.`;
    const repeats = Array.from({ length: STUCK_TURNS }, () => speak(repeat));

    it(`after ${STUCK_TURNS} near-duplicate turns with proposals on the table, moves on to the vote`, () => {
      const history = run([openCommand(), speak(), speak(), speak(), speak({ proposal: p1 }), speak(), speak(), ...repeats]);
      expect(lastOf(history, 2)).toEqual([
        {
          type: 'PhaseChanged',
          data: {
            ...base,
            from: 'discussion',
            to: 'consensus',
            round: 1,
            reason: `${stuckReason} Moving on to a vote on 1 proposal(s).`,
            messageId: 'n8',
            changedAt: at(480),
          },
        },
        scheduled(9, 'consensus', 1, ['ada', 'cy'], 9, 480),
      ]);
    });

    it('stuck in exploration with a proposal, goes straight to the vote of round 1', () => {
      const history = run([openCommand(), speak({ proposal: p1 }), speak(), speak(), ...repeats]);
      expect(lastOf(history, 2)[0]).toMatchObject({
        type: 'PhaseChanged',
        data: { from: 'exploration', to: 'consensus', round: 1, reason: `${stuckReason} Moving on to a vote on 1 proposal(s).` },
      });
    });

    it('stuck in exploration without proposals, moves on to the discussion', () => {
      const history = run([openCommand(), ...everyoneSpeaks(), ...repeats]);
      expect(lastOf(history, 2)).toEqual([
        {
          type: 'PhaseChanged',
          data: {
            ...base,
            from: 'exploration',
            to: 'discussion',
            round: 1,
            reason: `${stuckReason} Moving on to the discussion, round 1 of 2.`,
            messageId: 'n5',
            changedAt: at(300),
          },
        },
        scheduled(6, 'discussion', 1, ['ada', 'cy'], 6, 300),
      ]);
    });

    it('stuck in initialization without proposals, moves on to the next phase: exploration', () => {
      const history = run([openCommand(), ...repeats]);
      expect(lastOf(history, 2)).toEqual([
        {
          type: 'PhaseChanged',
          data: {
            ...base,
            from: 'initialization',
            to: 'exploration',
            round: 0,
            reason: `${stuckReason} Moving on to exploration.`,
            messageId: 'n2',
            changedAt: at(120),
          },
        },
        scheduled(3, 'exploration', 0, ['ada', 'cy'], 3, 120),
      ]);
    });

    it('stuck in initialization with a proposal, goes to the vote even though everyone has also spoken', () => {
      const history = run([openCommand(), speak({ proposal: p1 }), ...repeats]);
      expect(lastOf(history, 2)[0]).toMatchObject({
        type: 'PhaseChanged',
        data: { from: 'initialization', to: 'consensus', round: 1, reason: `${stuckReason} Moving on to a vote on 1 proposal(s).` },
      });
    });

    it('stuck in a discussion round without proposals, goes on to the next round, and at the last one the user decides', () => {
      const next = run([...toDiscussion(), ...repeats]);
      expect(lastOf(next, 2)[0]).toMatchObject({
        type: 'PhaseChanged',
        data: { from: 'discussion', to: 'discussion', round: 2, reason: `${stuckReason} Nothing has been proposed yet: round 2 of 2.` },
      });
      const last = run(repeats, next);
      expect(lastOf(last, 1)[0]).toMatchObject({
        type: 'DecisionNeeded',
        data: { reason: `${stuckReason} Nothing was proposed in 2 round(s): propose an option and decide.` },
      });
    });

    it(`counts similarity from ${NEAR_DUPLICATE_SIMILARITY} up; a lower or unmeasured one is progress and resets the count`, () => {
      const oneRepeat = run([...toDiscussion(), speak(repeat)]);
      expect(openStateOf(oneRepeat).turnsWithoutProgress).toBe(1);
      for (const similarity of [NEAR_DUPLICATE_SIMILARITY - 0.01, null]) {
        const history = run([speak({ similarity })], oneRepeat);
        expect(openStateOf(history).turnsWithoutProgress).toBe(0);
        expect(lastOf(history, 1)[0]).toMatchObject({ type: 'TurnScheduled', data: { phase: 'discussion', turn: 9 } });
      }
    });

    it('a proposal resets the count, even in a near-duplicate message', () => {
      const history = run([...toDiscussion(), speak(repeat), speak({ ...repeat, proposal: p1 })]);
      expect(openStateOf(history).turnsWithoutProgress).toBe(0);
      expect(lastOf(history, 1)[0]).toMatchObject({ type: 'TurnScheduled', data: { phase: 'discussion', turn: 9 } });
    });

    it('a question to the user resets the count', () => {
      const history = run([...toDiscussion(), speak(repeat), speak({ ...repeat, question }), post('q1')]);
      expect(openStateOf(history).turnsWithoutProgress).toBe(0);
      expect(lastOf(history, 1)[0]).toMatchObject({ type: 'TurnScheduled', data: { phase: 'discussion', turn: 9 } });
    });

    it('votes never count as repeats', () => {
      const history = run([...toVote(), ...vote(agreeOnP1, { similarity: 0.99 })]);
      expect(lastOf(history, 1)[0].type).toBe('ConsensusReached');
    });
  });

  describe('proposals by the user', () => {
    it('are recorded as the user’s message, in the current round', () => {
      const history = run(toDiscussion());
      spec
        .given(history)
        .when(proposeByUser('pu', 450))
        .then([
          {
            type: 'ProposalMade',
            data: {
              ...base,
              proposalId: 'pu',
              messageId: 'm-pu',
              by: { kind: 'user', actor: alice },
              text: 'Use Postgres LISTEN/NOTIFY',
              round: 1,
              madeAt: at(450),
            },
          },
        ]);
      spec
        .given(history)
        .when(proposeByUser('pu', 450))
        .thenState((state) =>
          expect((state as OpenDiscussion).messages.at(-1)).toMatchObject({
            id: 'm-pu',
            kind: 'proposal',
            by: { kind: 'user', actor: alice },
          }),
        );
    });

    it('are put to the vote with the agents’ proposals', () => {
      const history = run([
        ...toDiscussion(),
        proposeByUser('pu', 450),
        ...everyoneSpeaks(),
        ...vote({ ada: { pu: 'agree' }, bo: { pu: 'agree' }, cy: {} }),
      ]);
      expect(eventsOf(history, 'PhaseChanged').at(-1)?.data.reason).toMatch(/a vote on 1 proposal\(s\)/);
      expect(lastOf(history, 1)[0]).toMatchObject({ type: 'ConsensusReached', data: { proposalId: 'pu' } });
    });
  });

  describe('DecideDiscussion', () => {
    it('when the participants could not agree, the user chooses a proposal', () => {
      spec
        .given(histories.needs_decision)
        .when(decide('p2', 3000))
        .then([
          {
            type: 'UserDecided',
            data: { ...base, proposalId: 'p2', note: 'SQS is what ops already runs', by: alice, decidedAt: at(3000) },
          },
        ]);
      spec
        .given(histories.needs_decision)
        .when(decide('p2'))
        .thenState((state) =>
          expect(state).toMatchObject({
            status: 'concluding',
            chosenProposalId: 'p2',
            decidedBy: 'user',
            decisionNote: 'SQS is what ops already runs',
          }),
        );
    });

    it('an unknown proposal is not found', () => {
      spec.given(histories.needs_decision).when(decide('nope')).thenThrows(NotFoundError, 'proposal nope was not found');
    });

    it('the user may first propose an option of their own, then choose it', () => {
      const noProposals = run([...toDiscussion(), ...everyoneSpeaks(), ...everyoneSpeaks(), proposeByUser('pu', 800)]);
      expect(openStateOf(noProposals).status).toBe('needs_decision');
      spec
        .given(noProposals)
        .when(decide('pu'))
        .then([expect.objectContaining({ type: 'UserDecided', data: expect.objectContaining({ proposalId: 'pu' }) })]);
    });

    it('while the participants can still agree, it is refused', () => {
      spec
        .given(histories.running)
        .when(decide('p1'))
        .thenThrows(ConsensusStillPossibleError, /the user decides only when/);
    });
  });

  describe('ConcludeDiscussion', () => {
    it('records the summary and the decision, with the dissent on the chosen proposal and the action items', () => {
      spec
        .given(histories.concluding)
        .when(conclude(4000))
        .then([
          {
            type: 'DiscussionConcluded',
            data: {
              ...base,
              summary: 'The squad chose SQS.',
              decision: {
                proposalId: 'p1',
                decision: 'Use SQS',
                decidedBy: 'consensus',
                note: null,
                rationale: 'Managed, cheap, enough throughput',
                dissent: [{ slug: 'cy', reason: 'cy says disagree' }],
                actionItems,
              },
              provider: 'loopback',
              model: 'loopback-1',
              usage,
              concludedAt: at(4000),
            },
          },
        ]);
      spec
        .given(histories.concluding)
        .when(conclude(4000))
        .thenState((state) => expect(state).toMatchObject({ status: 'completed', phase: 'completed', summary: 'The squad chose SQS.' }));
    });

    it('after the user’s decision, records it as the user’s with the note, and the dissent of those who voted against', () => {
      const decided = run([decide('p1')], histories.needs_decision);
      const [concluded] = discussionDecider.decide(conclude(), stateOf(decided));
      expect(concluded).toMatchObject({
        type: 'DiscussionConcluded',
        data: {
          decision: {
            proposalId: 'p1',
            decidedBy: 'user',
            note: 'SQS is what ops already runs',
            dissent: [{ slug: 'bo', reason: 'bo says disagree' }],
          },
        },
      });
    });

    it('the dissent is each voter’s latest vote: a mind changed in a later round is no dissent', () => {
      const unanimity = { rule: 'unanimity', threshold: DEFAULT_SUPERMAJORITY } as const;
      const history = run([
        ...toVote(openCommand({ consensus: unanimity })),
        ...vote(agreeOnP1),
        ...everyoneSpeaks(),
        ...vote({ ada: { p1: 'agree' }, bo: { p1: 'agree' }, cy: { p1: 'abstain' } }),
      ]);
      expect(openStateOf(history).status).toBe('concluding');
      const [concluded] = discussionDecider.decide(conclude(), stateOf(history));
      expect(concluded).toMatchObject({ data: { decision: { proposalId: 'p1', dissent: [] } } });
    });

    it('when the discussion is not concluding, changes nothing', () => {
      spec.given(histories.running).when(conclude()).thenNothingHappened();
      spec.given(histories.needs_decision).when(conclude()).thenNothingHappened();
    });

    it('a repeated outcome step changes nothing', () => {
      spec.given(histories.completed).when(conclude(5000)).thenNothingHappened();
    });

    it('an outcome step after the stop changes nothing', () => {
      spec
        .given(run([stop(3500)], histories.concluding))
        .when(conclude())
        .thenNothingHappened();
    });
  });
});
