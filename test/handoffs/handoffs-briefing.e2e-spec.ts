import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { withLlmEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { sleep, until } from '../support/until.js';
import { branchNamed } from '../branching/support.js';
import { type HandoffBody, handoffsClient } from './support.js';

type Api = ReturnType<typeof handoffsClient>;
type BriefedHandoff = HandoffBody;

const BRIEFING = {
  headline: 'Mail is blocked at the firewall: check port 587 first',
  body: 'Where it stands: the Firewall hypothesis is being worked on\nRuled out: DNS (the MX record is correct)\nFirst: check the outbound rule for 587',
};
const ASSESSMENT = {
  likelyCause: 'Outbound port 587 is blocked at the firewall',
  suggestedNextSteps: ['Check the outbound rule for 587'],
  confidence: 0.72,
  ruledOut: ['DNS: the MX record is correct'],
};
/** Short waits between tries, few tries: the flows finish in a moment. */
const RETRIES = {
  DEADLINE_POLL_MS: '20',
  HANDOFF_ASSESSMENT_BACKOFF_BASE_MS: '50',
  HANDOFF_ASSESSMENT_BACKOFF_MAX_MS: '200',
  HANDOFF_ASSESSMENT_MAX_ATTEMPTS: '3',
};

/** A session forked into DNS (ruled out) and Firewall (active), then handed off. */
async function handedOff(api: Api, body: Record<string, unknown>): Promise<{ sessionId: string; handoff: HandoffBody }> {
  const session = await api.sessions.start('Outlook cannot reach the mail server');
  const forked = await api.sessions.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
  await api.sessions.transition(session.id, branchNamed(forked, 'DNS').id, 'dead-end', { reason: 'MX record is correct' });
  await api.sessions.transition(session.id, branchNamed(forked, 'Firewall').id, 'switch');
  const response = await api.handOff(session.id, body);
  expect(response.status).toBe(201);
  return { sessionId: session.id, handoff: (await response.json()) as HandoffBody };
}

/** Claims and checks the claim answered at once, with the snapshot's briefing. */
async function claimNow(api: Api, handoffId: string): Promise<BriefedHandoff> {
  const started = Date.now();
  const response = await api.claim(handoffId);
  expect(response.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(2_000);
  const claimed = (await response.json()) as BriefedHandoff;
  expect(claimed.briefingSource).toBe('snapshot');
  expect(claimed.briefing?.body).toContain('Problem: Outlook cannot reach the mail server');
  return claimed;
}

const current = async (api: Api, sessionId: string) => (await api.ofSession(sessionId)).at(-1) as BriefedHandoff;

async function eventsOf(db: pg.Pool, sessionId: string, type: string) {
  const { rows } = await db.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY position`,
    [`branching_session-${sessionId}`, type],
  );
  return rows.map((row) => row.data);
}

/** A claim answers with the snapshot's briefing; a model's briefing follows, as its own event. */
describe('the briefing of a claim, from a model', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Pool;
  const chats = () => server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  const briefingChats = () =>
    chats().filter((request) => (request.body.messages ?? []).some((message) => message.content.includes('just claimed')));

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    subject = await withLlmEnv(
      {
        LLM_1_NAME: 'loopback',
        LLM_1_BASE_URL: server.baseUrl,
        LLM_1_MODEL: 'briefer',
        LLM_OFFLINE_FALLBACK: 'false',
        LLM_MAX_RETRIES: '0',
        LLM_CIRCUIT_FAILURES: '1000',
      },
      () => startTestApp({ DEMO_ORGANIZATION: 'false', ...RETRIES }),
    );
    tenant = await createTenant(subject.app, 'Briefed');
    db = new pg.Pool({ connectionString: subject.database.url, max: 2 });
  });
  afterEach(() => server?.discardScripted());
  afterAll(async () => {
    await db?.end();
    await subject?.close();
    await server?.close();
  });

  it('arrives after the claim, once, from the snapshot, the assessment and the wait, in the queue and session rooms', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    server.enqueue({ content: JSON.stringify(ASSESSMENT) }); // the escalation's assessment, due at once
    const { sessionId, handoff } = await handedOff(api, { kind: 'escalate', notes: 'Needs firewall access' });
    await until(
      () => current(api, sessionId),
      (h) => h.assessmentStatus === 'assessed',
      'the assessment',
    );
    const queueRoom: DeliveredEvent[] = [];
    const sessionRoom: DeliveredEvent[] = [];
    const sockets: Socket[] = [
      await connectSocket(subject.url, tenant.keys.operator, (event) => queueRoom.push(event)),
      await connectSocket(subject.url, tenant.keys.operator, (event) => sessionRoom.push(event)),
    ];
    try {
      await subscribeSocket(sockets[0], ['queue']);
      await subscribeSocket(sockets[1], [`session:${sessionId}`]);
      const before = chats().length;
      server.enqueue({ content: JSON.stringify(BRIEFING) }); // before the claim: its briefing is due at once
      const claimed = await claimNow(api, handoff.id);

      const briefed = await until(
        () => current(api, sessionId),
        (h) => h.briefingSource === 'model',
        'the model’s briefing',
      );
      expect(briefed).toMatchObject({ id: handoff.id, status: 'claimed', briefing: BRIEFING, claimedAt: claimed.claimedAt });
      await sleep(300); // a doubled try would land now
      expect(chats().length - before).toBe(1);
      expect(await eventsOf(db, sessionId, 'HandoffBriefingWritten')).toEqual([
        {
          sessionId,
          handoffId: handoff.id,
          briefing: BRIEFING,
          model: 'loopback/briefer',
          claimedAt: claimed.claimedAt,
          at: expect.any(String),
        },
      ]);
      expect((await api.sessions.get(sessionId)).status).toBe('active');

      const prompt = (chats()[before].body.messages ?? []).map((message) => message.content).join('\n');
      expect(prompt).toContain('Problem: Outlook cannot reach the mail server');
      expect(prompt).toContain('- DNS [dead end]: MX record is correct');
      expect(prompt).toContain('Escalation notes: Needs firewall access');
      expect(prompt).toContain(`AI assessment: likely cause: ${ASSESSMENT.likelyCause}`);
      expect(prompt).toContain('Waited on the queue:');

      const arrived = (room: DeliveredEvent[]) => room.find((event) => event.type === 'HandoffBriefingWritten');
      await until(
        () => Promise.resolve([arrived(queueRoom), arrived(sessionRoom)]),
        (both) => both.every(Boolean),
        'HandoffBriefingWritten in both rooms',
      );
      const documented = new AsyncApiEventValidator();
      for (const event of [...queueRoom, ...sessionRoom]) documented.check(event);
      expect(documented.problems).toEqual([]);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('still arrives when the model fails first', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const { sessionId, handoff } = await handedOff(api, { kind: 'park', notes: 'Back after lunch' });
    const before = briefingChats().length;
    server.enqueue({ status: 500 }, { content: JSON.stringify(BRIEFING) });
    await claimNow(api, handoff.id);
    const briefed = await until(
      () => current(api, sessionId),
      (h) => h.briefingSource === 'model',
      'the model’s briefing',
    );
    expect(briefed.briefing).toEqual(BRIEFING);
    await sleep(300);
    expect(briefingChats().length - before).toBe(2);
    expect(await eventsOf(db, sessionId, 'HandoffBriefingWritten')).toHaveLength(1);
  });

  it('is not written after the last failed try: the snapshot’s briefing stands', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const { sessionId, handoff } = await handedOff(api, { kind: 'park', notes: 'Back after lunch' });
    const before = briefingChats().length;
    server.enqueue({ status: 500 }, { status: 503 }, { status: 500 }, { content: JSON.stringify(BRIEFING) });
    const claimed = await claimNow(api, handoff.id);
    await until(
      () => Promise.resolve(briefingChats().length - before),
      (tries) => tries >= 3,
      'three tries',
    );
    await sleep(400); // no fourth try comes
    expect(briefingChats().length - before).toBe(3);
    expect(await eventsOf(db, sessionId, 'HandoffBriefingWritten')).toEqual([]);
    expect(await current(api, sessionId)).toMatchObject({ briefingSource: 'snapshot', briefing: claimed.briefing });
  });

  it('of a claim released before the model answered is never written', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const { sessionId, handoff } = await handedOff(api, { kind: 'park', notes: 'Back after lunch' });
    const before = briefingChats().length;
    server.enqueue({ content: JSON.stringify(BRIEFING), delayMs: 600 });
    const claimed = await claimNow(api, handoff.id);
    await until(
      () => Promise.resolve(briefingChats().length - before),
      (asked) => asked >= 1,
      'the briefing request',
    );
    expect((await api.release(handoff.id)).status).toBe(200);
    await sleep(900); // the answer lands, for a claim that is gone
    expect(await eventsOf(db, sessionId, 'HandoffBriefingWritten')).toEqual([]);
    expect(await current(api, sessionId)).toMatchObject({ status: 'waiting', briefingSource: 'snapshot', briefing: claimed.briefing });
  });
});

/** With no provider configured the offline model answers, and the briefing built from the snapshot stands. */
describe('the briefing of a claim, offline', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Pool;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', ...RETRIES });
    tenant = await createTenant(subject.app, 'Offline briefing');
    db = new pg.Pool({ connectionString: subject.database.url, max: 2 });
  });
  afterAll(async () => {
    await db?.end();
    await subject?.close();
  });

  it('is the snapshot’s: no event', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const { sessionId, handoff } = await handedOff(api, { kind: 'park', notes: 'Back after lunch' });
    const claimed = await claimNow(api, handoff.id);
    await until(
      async () =>
        (await db.query<{ status: string }>(`SELECT status FROM deadlines WHERE key LIKE $1`, [`handoffs:briefing:${handoff.id}:%`])).rows,
      (rows) => rows.length > 0 && rows.every((row) => row.status === 'done'),
      'the briefing deadline fired',
    );
    expect(await eventsOf(db, sessionId, 'HandoffBriefingWritten')).toEqual([]);
    expect(await current(api, sessionId)).toMatchObject({ briefingSource: 'snapshot', briefing: claimed.briefing });
  });
});
