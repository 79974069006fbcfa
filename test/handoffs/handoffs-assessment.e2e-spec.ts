import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { withLlmEnv, loopbackModelEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { sleep, until } from '../support/until.js';
import { branchNamed } from '../branching/support.js';
import { type HandoffBody, handoffsClient } from './support.js';

const ASSESSMENT = {
  likelyCause: 'Outbound port 587 is blocked at the firewall',
  suggestedNextSteps: ['Check the outbound rule for 587', 'Test with telnet from the mail host'],
  confidence: 0.72,
  ruledOut: ['DNS: the MX record is correct'],
};
const BRIEFING = { headline: 'Check the firewall first', body: 'Where it stands: Firewall\nFirst: check the outbound rule for 587' };
/** Short waits between tries, few tries: the flows finish in a moment. */
const RETRIES = {
  DEADLINE_POLL_MS: '20',
  HANDOFF_ASSESSMENT_BACKOFF_BASE_MS: '50',
  HANDOFF_ASSESSMENT_BACKOFF_MAX_MS: '200',
  HANDOFF_ASSESSMENT_MAX_ATTEMPTS: '3',
};

/** A session forked into DNS (ruled out) and Firewall (active): ready to hand off. */
async function workedSession(api: ReturnType<typeof handoffsClient>) {
  const session = await api.sessions.start('Outlook cannot reach the mail server');
  const forked = await api.sessions.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
  await api.sessions.transition(session.id, branchNamed(forked, 'DNS').id, 'dead-end', { reason: 'MX record is correct' });
  await api.sessions.transition(session.id, branchNamed(forked, 'Firewall').id, 'switch');
  return session;
}

async function handOff(api: ReturnType<typeof handoffsClient>, sessionId: string, body: Record<string, unknown>): Promise<HandoffBody> {
  const response = await api.handOff(sessionId, body);
  expect(response.status).toBe(201);
  return (await response.json()) as HandoffBody;
}

const settled = (api: ReturnType<typeof handoffsClient>, sessionId: string, what: string) =>
  until(
    async () => (await api.ofSession(sessionId))[0],
    (handoff) => handoff?.assessmentStatus === 'assessed' || handoff?.assessmentStatus === 'failed',
    what,
  );

async function eventsOf(db: pg.Pool, sessionId: string, type: string) {
  const { rows } = await db.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE stream_id = $1 AND type = $2`, [
    `branching_session-${sessionId}`,
    type,
  ]);
  return rows.map((row) => row.data);
}

/** An escalation's AI assessment comes after the handoff, retried through a failing model, as its own event. */
describe('the assessment of an escalation, from a model', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Pool;
  const chats = () => server.requests.filter((request) => request.path.endsWith('/chat/completions'));

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    subject = await withLlmEnv(
      {
        ...loopbackModelEnv(server.baseUrl, 'assessor'),
      },
      () => startTestApp({ DEMO_ORGANIZATION: 'false', ...RETRIES }),
    );
    tenant = await createTenant(subject.app, 'Assessed');
    db = new pg.Pool({ connectionString: subject.database.url, max: 2 });
  });
  afterEach(() => server?.discardScripted());
  afterAll(async () => {
    await db?.end();
    await subject?.close();
    await server?.close();
  });

  it('arrives later even when the model server fails first: the handoff answers at once, the assessment once', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await workedSession(api);
    const before = chats().length;
    // Scripted before the handoff: the first try is due at once. Try 1: a server error; try 2: a
    // confidence outside 0..1, twice (the answer and its one repair); try 3: a valid assessment.
    const outOfRange = JSON.stringify({ ...ASSESSMENT, confidence: 1.5 });
    server.enqueue({ status: 500 }, { content: outOfRange }, { content: outOfRange }, { content: JSON.stringify(ASSESSMENT) });
    const started = Date.now();
    const handoff = await handOff(api, session.id, { kind: 'escalate', notes: 'Needs firewall access', priority: 'elevated' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(handoff).toMatchObject({ kind: 'escalate', assessment: null, assessmentStatus: 'pending' });

    const assessed = await settled(api, session.id, 'the assessment');
    expect(assessed).toMatchObject({ id: handoff.id, assessmentStatus: 'assessed', assessment: ASSESSMENT, status: 'waiting' });
    expect(chats().length - before).toBe(4);
    await sleep(300); // a doubled try would land now
    const events = await eventsOf(db, session.id, 'HandoffAssessed');
    expect(events).toEqual([
      {
        sessionId: session.id,
        handoffId: handoff.id,
        assessment: ASSESSMENT,
        model: 'loopback/assessor',
        attempts: 3,
        at: expect.any(String),
      },
    ]);
    expect(await eventsOf(db, session.id, 'HandoffAssessmentFailed')).toEqual([]);

    // The model was asked about the handoff's snapshot: the problem, the branch map with reasons, the notes.
    const prompt = (chats()[before].body.messages ?? []).map((message) => message.content).join('\n');
    expect(prompt).toContain('Problem: Outlook cannot reach the mail server');
    expect(prompt).toContain('- DNS [dead end]: MX record is correct');
    expect(prompt).toContain('Active branch: Firewall');
    expect(prompt).toContain('Escalation notes: Needs firewall access');

    // The session is as the handoff left it; the claimer's briefing carries the assessment.
    expect((await api.sessions.get(session.id)).status).toBe('escalated');
    server.enqueue({ content: JSON.stringify(BRIEFING) }); // the claim's model-written briefing, due at once
    const claimed = (await (await api.claim(handoff.id)).json()) as HandoffBody;
    expect(claimed.briefing?.body).toContain(`likely cause: ${ASSESSMENT.likelyCause} (confidence 72%)`);
    expect(claimed.assessment).toEqual(ASSESSMENT);
    // Settled here, so its tries never reach the next test's script.
    await until(async () => (await api.ofSession(session.id))[0], (h) => h?.briefingSource === 'model', 'the model’s briefing');
  });

  it('is recorded as failed after the last try, and the handoff is claimed as any other', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await workedSession(api);
    const queueRoom: DeliveredEvent[] = [];
    const watcher: Socket = await connectSocket(subject.url, tenant.keys.operator, (event) => queueRoom.push(event));
    try {
      expect(await subscribeSocket(watcher, ['queue'])).toMatchObject({ ok: true });
      const before = chats().length;
      server.enqueue({ status: 500 }, { status: 503 }, { status: 500 }, { content: JSON.stringify(ASSESSMENT) });
      const handoff = await handOff(api, session.id, { kind: 'escalate', notes: 'Nothing works' });

      const failed = await settled(api, session.id, 'the last try');
      expect(failed).toMatchObject({ assessmentStatus: 'failed', assessment: null, status: 'waiting' });
      await sleep(300); // no fourth try comes
      expect(chats().length - before).toBe(3);
      expect(await eventsOf(db, session.id, 'HandoffAssessmentFailed')).toEqual([
        { sessionId: session.id, handoffId: handoff.id, reason: expect.any(String), attempts: 3, at: expect.any(String) },
      ]);
      expect(await eventsOf(db, session.id, 'HandoffAssessed')).toEqual([]);

      server.discardScripted();
      server.enqueue({ content: JSON.stringify(BRIEFING) }); // the claim's model-written briefing, due at once
      const claim = await api.claim(handoff.id);
      expect(claim.status).toBe(200);
      expect(((await claim.json()) as HandoffBody).briefing?.body).not.toContain('AI assessment');
      await until(
        () => Promise.resolve(queueRoom.map((event) => event.type)),
        (types) => types.includes('HandoffBriefingWritten'),
        'the queue room events',
      );
      expect(queueRoom.map((event) => event.type)).toEqual([
        'SessionHandedOff',
        'HandoffAssessmentFailed',
        'HandoffClaimed',
        'HandoffBriefingWritten',
      ]);
      const documented = new AsyncApiEventValidator();
      for (const event of queueRoom) documented.check(event);
      expect(documented.problems).toEqual([]);
    } finally {
      watcher.close();
    }
  });

  it('is not made for a park', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await workedSession(api);
    const before = chats().length;
    const handoff = await handOff(api, session.id, { kind: 'park', notes: 'Back after lunch' });
    expect(handoff).toMatchObject({ kind: 'park', assessment: null, assessmentStatus: null });
    await sleep(300);
    expect(chats().length).toBe(before);
    const { rowCount } = await db.query(`SELECT 1 FROM deadlines WHERE key LIKE $1`, [`handoffs:assessment:${handoff.id}:%`]);
    expect(rowCount).toBe(0);
    expect((await api.ofSession(session.id))[0]).toMatchObject({ assessment: null, assessmentStatus: null });
  });
});

/** With no provider configured the offline model answers, and the assessment is built from the snapshot. */
describe('the assessment of an escalation, offline', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', ...RETRIES });
    tenant = await createTenant(subject.app, 'Offline');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await subject?.close();
  });

  it('is deterministic, from the branch map, and reaches the queue room and the session room', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await workedSession(api);
    const queueRoom: DeliveredEvent[] = [];
    const sessionRoom: DeliveredEvent[] = [];
    sockets.push(await connectSocket(subject.url, tenant.keys.operator, (event) => queueRoom.push(event)));
    sockets.push(await connectSocket(subject.url, tenant.keys.operator, (event) => sessionRoom.push(event)));
    await subscribeSocket(sockets[0], ['queue']);
    await subscribeSocket(sockets[1], [`session:${session.id}`]);

    const handoff = await handOff(api, session.id, { kind: 'escalate', notes: 'Needs network access' });
    const assessed = await settled(api, session.id, 'the offline assessment');
    expect(assessed.assessmentStatus).toBe('assessed');
    expect(assessed.assessment).toEqual({
      likelyCause: 'Firewall (the hypothesis being worked on when the session was escalated)',
      suggestedNextSteps: ['Continue on "Firewall"', 'Act on the escalation notes: Needs network access'],
      confidence: 0.8,
      ruledOut: ['DNS: MX record is correct'],
    });
    const arrived = (room: DeliveredEvent[]) => room.find((event) => event.type === 'HandoffAssessed');
    await until(
      () => Promise.resolve([arrived(queueRoom), arrived(sessionRoom)]),
      (both) => both.every(Boolean),
      'HandoffAssessed in both rooms',
    );
    for (const room of [queueRoom, sessionRoom])
      expect(arrived(room)?.data).toMatchObject({ handoffId: handoff.id, model: 'offline', attempts: 1, assessment: assessed.assessment });
    const documented = new AsyncApiEventValidator();
    for (const event of [...queueRoom, ...sessionRoom]) documented.check(event);
    expect(documented.problems).toEqual([]);
  });
});
