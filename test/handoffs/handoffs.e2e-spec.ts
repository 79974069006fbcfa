import pg from 'pg';
import { TenancyService } from '../../src/organizations/index.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { PROBLEMS, type SessionBody } from '../branching/support.js';
import { type HandoffBody, handoffsClient } from './support.js';

describe('handoffs: park, escalate, one queue, an atomic claim with a briefing', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let db: pg.Client;
  let api: ReturnType<typeof handoffsClient>;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    api = handoffsClient(subject.url, tenant.keys.operator);
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  /** Another operator of the organization, with a key of their own. */
  const operatorKey = async (name: string) =>
    (await subject.app.get(TenancyService).issueKey(tenant.organizationId, { name, role: 'operator' })).key;

  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  it('escalates with a snapshot of the problem, the branch map with reasons, the active branch, steps and time', async () => {
    const session = await api.sessions.start('Outlook cannot reach the mail server', { domain: 'email' });
    const forked: SessionBody = await api.sessions.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
    const [dns, firewall] = ['DNS', 'Firewall'].map((label) => forked.branches.find((b) => b.label === label)!.id);
    expect((await api.sessions.transition(session.id, dns, 'dead-end', { reason: 'MX record is correct' })).status).toBe(200);
    expect((await api.sessions.transition(session.id, firewall, 'switch')).status).toBe(200);
    await api.sessions.say(session.id, firewall, 'Port 587 times out from the office');

    const response = await api.handOff(session.id, { kind: 'escalate', notes: 'Needs someone with firewall access', priority: 'elevated' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/^\/api\/v1\/queue\//);
    const handoff = (await response.json()) as HandoffBody;
    expect(handoff).toMatchObject({
      sessionId: session.id,
      kind: 'escalate',
      priority: 'elevated',
      notes: 'Needs someone with firewall access',
      status: 'waiting',
      claimedBy: null,
      briefing: null,
      snapshot: {
        problem: 'Outlook cannot reach the mail server',
        status: 'active',
        stepCount: 2,
        activeBranch: { branchId: firewall, label: 'Firewall' },
        attachmentNames: [],
        parkedSeconds: 0,
      },
    });
    expect(handoff.snapshot.branches).toEqual([
      { branchId: session.rootBranchId, label: 'Root', status: 'active', reason: null, parentBranchId: null },
      { branchId: dns, label: 'DNS', status: 'dead_end', reason: 'MX record is correct', parentBranchId: session.rootBranchId },
      { branchId: firewall, label: 'Firewall', status: 'active', reason: null, parentBranchId: session.rootBranchId },
    ]);
    expect((await api.sessions.get(session.id)).status).toBe('escalated');
    const history = (await (await api.sessions.raw(`/sessions/${session.id}/handoffs`, undefined, 'GET')).json()) as {
      items: HandoffBody[];
    };
    expect(history.items.map((h) => h.id)).toEqual([handoff.id]);
  });

  it('parks a session into paused, and holds its work until someone claims it', async () => {
    const { session, handoff, dns } = await api.handedOff({ kind: 'park', notes: 'Waiting on the ISP' });
    expect(handoff).toMatchObject({ kind: 'park', priority: 'normal' });
    expect((await api.sessions.get(session.id)).status).toBe('paused');

    const fork = await api.sessions.raw(`/sessions/${session.id}/fork`, {
      fromBranchId: dns,
      reason: 'More',
      options: [
        { label: 'A', description: 'a' },
        { label: 'B', description: 'b' },
      ],
    });
    expect(fork.status).toBe(409);
    expect(await fork.json()).toMatchObject({
      type: `${PROBLEMS}session-waiting-on-queue`,
      sessionStatus: 'paused',
      handoffId: handoff.id,
    });
    const message = await api.sessions.raw(`/sessions/${session.id}/branches/${dns}/messages`, { text: 'still there?' });
    expect(message.status).toBe(409);
    // Handing it off again while it waits is refused, and changes nothing.
    const again = await api.handOff(session.id, { kind: 'escalate', notes: 'again' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: `${PROBLEMS}session-not-handoffable` });

    expect((await api.claim(handoff.id)).status).toBe(200);
    expect((await api.sessions.say(session.id, dns, 'Back on it')).reply.role).toBe('assistant');
  });

  it('lets exactly one of twenty concurrent claimers win; the others are told who has it and since when', async () => {
    const { session, handoff } = await api.handedOff();
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, i) => operatorKey(`claimer ${i}`)));
    const answers = await Promise.all(claimers.map((key) => api.claim(handoff.id, key)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
    const winner = (await answers.find((answer) => answer.status === 200)!.json()) as HandoffBody;
    expect(winner.status).toBe('claimed');
    expect(winner.briefing?.headline).toBe('Outlook cannot reach the mail server — continue on "DNS"');
    expect(winner.briefing?.body).toContain('Notes: Needs network access');
    const losers = await Promise.all(answers.filter((answer) => answer.status === 409).map((answer) => answer.json()));
    for (const loser of losers)
      expect(loser).toEqual(
        expect.objectContaining({ type: `${PROBLEMS}already-claimed`, claimedBy: winner.claimedBy, claimedAt: winner.claimedAt }),
      );
    // One claim event, and the session is active again under the winner.
    const [{ claims }] = (
      await db.query<{ claims: string }>(`SELECT count(*) AS claims FROM events WHERE stream_id = $1 AND type = 'HandoffClaimed'`, [
        `branching_session-${session.id}`,
      ])
    ).rows;
    expect(Number(claims)).toBe(1);
    expect((await api.sessions.get(session.id)).status).toBe('active');
    expect((await api.queue()).items.map((item) => item.id)).not.toContain(handoff.id);
  });

  it('lists the queue elevated first, then oldest, with filters and a cursor', async () => {
    const fresh = await createTenant(subject.app, 'Queue');
    const queueApi = handoffsClient(subject.url, fresh.keys.operator);
    const normalOld = (await queueApi.handedOff({ kind: 'park', notes: '1' })).handoff;
    const elevated = (await queueApi.handedOff({ kind: 'escalate', notes: '2', priority: 'elevated' })).handoff;
    const normalNew = (await queueApi.handedOff({ kind: 'escalate', notes: '3' })).handoff;
    expect((await queueApi.queue()).items.map((item) => item.id)).toEqual([elevated.id, normalOld.id, normalNew.id]);
    expect((await queueApi.queue('?kind=escalate')).items.map((item) => item.id)).toEqual([elevated.id, normalNew.id]);
    expect((await queueApi.queue('?priority=normal')).items.map((item) => item.id)).toEqual([normalOld.id, normalNew.id]);
    const first = await queueApi.queue('?limit=2');
    expect(first.items.map((item) => item.id)).toEqual([elevated.id, normalOld.id]);
    const second = await queueApi.queue(`?limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ id: normalNew.id })], nextCursor: null });
  });

  it('lets the claimer or an admin put an item back, and counts the time it waited', async () => {
    const { session, handoff } = await api.handedOff({ kind: 'park', notes: 'Lunch' });
    const colleague = await operatorKey('colleague');
    expect((await api.release(handoff.id)).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await api.claim(handoff.id)).status).toBe(200);

    const notTheirs = await api.release(handoff.id, colleague);
    expect(notTheirs.status).toBe(403);
    expect(await notTheirs.json()).toMatchObject({ type: `${PROBLEMS}not-your-claim` });
    const back = await api.release(handoff.id);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ status: 'waiting', claimedBy: null });
    expect((await api.sessions.get(session.id)).status).toBe('paused');
    expect((await api.claim(handoff.id, colleague)).status).toBe(200);
    expect((await api.release(handoff.id, tenant.keys.admin)).status).toBe(200);

    const [row] = (await db.query<{ parked_ms: string }>('SELECT parked_ms FROM branching_sessions WHERE id = $1', [session.id])).rows;
    expect(Number(row.parked_ms)).toBeGreaterThanOrEqual(60);
  });

  it('refuses to hand off a solved session', async () => {
    const session = await api.sessions.start();
    expect((await api.sessions.transition(session.id, session.rootBranchId, 'solved', { reason: 'Rebooted the router' })).status).toBe(200);
    const response = await api.handOff(session.id, { kind: 'park', notes: 'n' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: `${PROBLEMS}session-not-handoffable`, sessionStatus: 'solved' });
  });
});
