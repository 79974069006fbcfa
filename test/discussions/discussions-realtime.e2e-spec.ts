import type { Socket } from 'socket.io-client';
import { DISCUSSION_EVENT_TYPES, type DiscussionEvent } from '../../src/discussions/index.js';
import type { DeliveredEvent, Signal } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { untilTrue } from '../support/until.js';

/** The signal data docs/asyncapi.yaml promises for each streamed turn, by kind. */
const SIGNAL_FIELDS: Record<string, string[]> = {
  'discussions.turn.started': ['messageId', 'phase', 'speaker', 'turn'],
  'discussions.turn.delta': ['delta', 'messageId', 'speaker', 'turn'],
  'discussions.turn.done': ['messageId', 'speaker', 'turn'],
};

/** The event types each flow below must deliver; between them, every discussion event type. */
const SEEN_WHEN_ANSWERED: DiscussionEvent['type'][] = [
  'DiscussionOpened',
  'DiscussionStarted',
  'TurnScheduled',
  'AgentSpoke',
  'UserQuestionAsked',
  'UserQuestionAnswered',
  'PhaseChanged',
  'ProposalMade',
  'VoteCast',
  'ConsensusReached',
  'DiscussionConcluded',
];
const SEEN_WHEN_DECIDED_BY_THE_USER: DiscussionEvent['type'][] = [
  'UserReminded',
  'AssumptionMade',
  'DiscussionPaused',
  'DiscussionResumed',
  'UserMessagePosted',
  'ProposalMade',
  'DecisionNeeded',
  'UserDecided',
  'DiscussionConcluded',
];
const SEEN_WHEN_STOPPED: DiscussionEvent['type'][] = ['DiscussionOpened', 'DiscussionStopped'];

interface Watcher {
  /** Checks every delivered event against its schema in docs/asyncapi.yaml. */
  documented: AsyncApiEventValidator;
  delivered: DeliveredEvent[];
  signals: Signal[];
  socket: Socket;
  /** Waits (on the socket, not by polling HTTP) until an event of `type` arrived. */
  until(type: string, timeoutMs?: number): Promise<void>;
}

/**
 * The room `discussion:<id>` over a real Socket.IO client, with the offline model: every stored event
 * of a discussion arrives there and matches its EventCatalog schema, and each turn streams as the
 * documented `discussions.turn.*` signals, whose deltas join to the AgentSpoke's text.
 */
describe('a discussion room over Socket.IO, as docs/asyncapi.yaml documents it', () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
  });
  afterAll(async () => {
    await subject.close();
  });

  async function api() {
    const tenant = await createTenant(subject.app);
    const key = tenant.keys.operator;
    const base = `${subject.url}/api/v1/discussions`;
    return {
      /** Opens a discussion without starting it, so the socket is subscribed before the first turn. */
      open: (body: object) => json<{ id: string }>(call(base, key, { method: 'POST', body: { ...body, autoStart: false } })),
      action: (id: string, path: string, body: object = {}) => call(`${base}/${id}/${path}`, key, { method: 'POST', body }),
      watch: async (id: string): Promise<Watcher> => {
        const documented = new AsyncApiEventValidator();
        const delivered: DeliveredEvent[] = [];
        const signals: Signal[] = [];
        const socket = await connectSocket(subject.url, key, (event) => {
          delivered.push(event);
          documented.check(event);
        });
        socket.on('signal', (signal: Signal) => signals.push(signal));
        // From position 0: the events appended before the subscription (DiscussionOpened) are replayed first.
        expect(await subscribeSocket(socket, [`discussion:${id}`], 0)).toMatchObject({ ok: true });
        return {
          documented,
          delivered,
          signals,
          socket,
          until: (type, timeoutMs = 30_000) => untilTrue(() => delivered.some((e) => e.type === type), `${type} on the socket`, timeoutMs),
        };
      },
    };
  }

  const dataOf = <T>(watcher: Watcher, type: string) => watcher.delivered.filter((e) => e.type === type).map((e) => e.data as T);

  /** The room saw at least these event types, and every event it saw matched its documented schema. */
  function expectDocumented(watcher: Watcher, types: string[]): void {
    expect(watcher.delivered.map((e) => e.type)).toEqual(expect.arrayContaining(types));
    expect(watcher.documented.checked).toBe(watcher.delivered.length);
    expect(watcher.documented.problems).toEqual([]);
  }

  it('delivers every event of an answered discussion that reaches consensus, and streams each turn as the documented signals', async () => {
    const client = await api();
    const { id } = await client.open({
      goal: 'Choose how we roll out single sign-on to our internal tools',
      speakerSelection: 'round_robin',
    });
    const room = await client.watch(id);
    expect((await client.action(id, 'start')).status).toBe(200);

    await room.until('UserQuestionAsked');
    const [question] = dataOf<{ questionId: string; messageId: string }>(room, 'UserQuestionAsked');
    const answered = await client.action(id, 'messages', { text: 'Before the March audit.', inReplyTo: question.questionId });
    expect(answered.status).toBe(201);
    await room.until('DiscussionConcluded');

    // Only this discussion's events, each once, in position order.
    const positions = room.delivered.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(room.delivered.every((e) => e.streamId === `discussion-${id}`)).toBe(true);
    expectDocumented(room, SEEN_WHEN_ANSWERED);

    const spoke = dataOf<{ turn: number; speaker: string; phase: string; messageId: string; text: string }>(room, 'AgentSpoke');
    expect(spoke.length).toBeGreaterThanOrEqual(10);
    // Every streamed signal carries exactly the documented fields, in the discussion's room.
    for (const signal of room.signals) {
      expect(signal.room).toBe(`discussion:${id}`);
      expect(Object.keys(signal.data as object).sort()).toEqual(SIGNAL_FIELDS[signal.kind]);
    }
    for (const turn of spoke) {
      const own = room.signals.filter((s) => (s.data as { messageId: string }).messageId === turn.messageId);
      expect(own[0]).toMatchObject({
        kind: 'discussions.turn.started',
        data: { turn: turn.turn, speaker: turn.speaker, phase: turn.phase },
      });
      expect(own.at(-1)).toMatchObject({ kind: 'discussions.turn.done', data: { turn: turn.turn, speaker: turn.speaker } });
      const deltas = own.filter((s) => s.kind === 'discussions.turn.delta').map((s) => (s.data as { delta: string }).delta);
      expect(deltas.join('')).toBe(turn.text);
    }
    room.socket.close();
  }, 60_000);

  it('delivers the reminders, the assumption, a pause and resume, the user’s own message and proposal, and the user’s decision', async () => {
    const client = await api();
    // Unanimity in one round cannot be reached (Quality Assurance disagrees in round 1 offline): the user decides.
    const { id } = await client.open({
      goal: 'Pick a message queue for billing events',
      speakerSelection: 'round_robin',
      consensus: { rule: 'unanimity' },
      maxRounds: 1,
      userQuestionTimeoutSeconds: 2,
      onUnansweredQuestion: 'remind',
    });
    const room = await client.watch(id);
    expect((await client.action(id, 'start')).status).toBe(200);

    await room.until('UserQuestionAsked');
    // Paused while the question waits: resuming sets its timer again.
    expect((await client.action(id, 'pause')).status).toBe(200);
    expect((await client.action(id, 'resume')).status).toBe(200);
    expect((await client.action(id, 'messages', { text: 'Keep the invoices for seven years.' })).status).toBe(201);
    expect((await client.action(id, 'proposals', { text: 'Use the Postgres outbox we already run' })).status).toBe(201);
    await room.until('AssumptionMade');
    await room.until('DecisionNeeded');
    const [resumed] = dataOf<{ question: { questionId: string } | null }>(room, 'DiscussionResumed');
    expect(resumed.question).not.toBeNull();
    expect(dataOf(room, 'UserReminded')).toHaveLength(2);
    const [mine] = dataOf<{ proposalId: string; by: { kind: string } }>(room, 'ProposalMade').filter((p) => p.by.kind === 'user');
    const decided = await client.action(id, 'decide', { proposalId: mine.proposalId, note: 'We already operate it.' });
    expect(decided.status).toBe(200);
    await room.until('DiscussionConcluded');
    expect(dataOf<{ decision: { decidedBy: string; proposalId: string } }>(room, 'DiscussionConcluded')[0].decision).toMatchObject({
      decidedBy: 'user',
      proposalId: mine.proposalId,
    });
    expectDocumented(room, SEEN_WHEN_DECIDED_BY_THE_USER);
    room.socket.close();
  }, 60_000);

  it('delivers a stop', async () => {
    const client = await api();
    const { id } = await client.open({ goal: 'Name the new billing service' });
    const room = await client.watch(id);
    expect((await client.action(id, 'stop', { reason: 'Out of scope this quarter' })).status).toBe(200);
    await room.until('DiscussionStopped');
    expectDocumented(room, SEEN_WHEN_STOPPED);
    room.socket.close();
  });

  it('covers every discussion event type between them', () => {
    const covered = new Set([...SEEN_WHEN_ANSWERED, ...SEEN_WHEN_DECIDED_BY_THE_USER, ...SEEN_WHEN_STOPPED]);
    expect([...covered].sort()).toEqual([...DISCUSSION_EVENT_TYPES].sort());
  });
});
