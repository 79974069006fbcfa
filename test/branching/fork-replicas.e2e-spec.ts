import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-runner.js';
import { createTenant } from '../support/tenant.js';
import { type TestApp, startReplica, startTestApp } from '../support/test-app.js';
import { PROBLEMS, type SessionBody, branchNamed, branchingClient } from './support.js';

/**
 * Each replica keeps the sessions it folded last in memory, so a fork reads only the session's newer
 * events. What the other replica wrote in between must count all the same.
 */
describe('forks on two replicas of one database', () => {
  let first: TestApp;
  let second: NestExpressApplication;
  let secondUrl: string;

  beforeAll(async () => {
    first = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    ({ app: second, url: secondUrl } = await startReplica(first));
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('decides a fork on what the other replica wrote since this one last saw the session, and answers the whole session', async () => {
    const key = (await createTenant(first.app)).keys.operator;
    const here = branchingClient(first.url, key);
    const there = branchingClient(secondUrl, key);
    const session = await here.start();
    const root = session.rootBranchId;
    const forked = await here.fork(session.id, root, ['DNS', 'Firewall']);
    const dns = branchNamed(forked, 'DNS').id;

    // The other replica concludes DNS and forks the root again.
    expect((await there.transition(session.id, dns, 'dead-end', { reason: 'MX record is correct' })).status).toBe(200);
    const elsewhere = await there.fork(session.id, root, ['Certificate', 'Proxy']);
    const certificate = branchNamed(elsewhere, 'Certificate').id;

    // Here, DNS is a dead end now: it cannot be forked.
    const refused = await here.raw(`/sessions/${session.id}/fork`, {
      fromBranchId: dns,
      reason: 'More on DNS',
      options: [
        { label: 'A', description: 'a' },
        { label: 'B', description: 'b' },
      ],
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: `${PROBLEMS}illegal-branch-transition` });
    // A branch only the other replica has seen can be forked here, at the version the other replica left.
    const stale = await here.raw(`/sessions/${session.id}/fork`, {
      fromBranchId: certificate,
      reason: 'Which certificate',
      options: [
        { label: 'Expired', description: 'e' },
        { label: 'Wrong host', description: 'w' },
      ],
    });
    expect(stale.status).toBe(201);
    expect(stale.headers.get('etag')).toBe('"5"');
    const answered = (await stale.json()) as SessionBody & { timeActiveSeconds: number };
    expect(answered.branches.map((b) => b.label)).toEqual(['Root', 'DNS', 'Firewall', 'Certificate', 'Proxy', 'Expired', 'Wrong host']);
    expect(branchNamed(answered, 'DNS').status).toBe('dead_end');
    expect(answered.branches.filter((b) => b.parentBranchId === certificate).map((b) => b.label)).toEqual(['Expired', 'Wrong host']);
    // The fork answers the session as either replica reads it afterwards.
    expect(answered).toEqual({ ...(await there.get(session.id)), timeActiveSeconds: answered.timeActiveSeconds });
  });

  it('answers the same session from its kept branch facts as from a read model rebuilt under them', async () => {
    const key = (await createTenant(first.app)).keys.operator;
    const here = branchingClient(first.url, key);
    const session = await here.start();
    const forked = await here.fork(session.id, session.rootBranchId, ['DNS', 'Firewall', 'Proxy']);
    const dns = branchNamed(forked, 'DNS').id;
    await here.fork(session.id, dns, ['MX', 'SPF'], { activateFirst: false });
    expect((await here.transition(session.id, dns, 'dead-end', { reason: 'MX record is correct' })).status).toBe(200);
    // Read once: this replica now keeps the facts of all six branches.
    const before = await here.get(session.id);
    expect(before.branches).toHaveLength(6);

    await first.app.get(ProjectionRebuilder).rebuild('branching_sessions');
    const after = await here.get(session.id);
    expect(after).toEqual({ ...before, timeActiveSeconds: (after as SessionBody & { timeActiveSeconds: number }).timeActiveSeconds });
    // And a replica that never read the session reads the same rows in full.
    const cold = await branchingClient(secondUrl, key).get(session.id);
    expect(cold).toEqual({ ...before, timeActiveSeconds: (cold as SessionBody & { timeActiveSeconds: number }).timeActiveSeconds });
  });
});
