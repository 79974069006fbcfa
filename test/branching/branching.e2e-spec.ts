import { TenancyService } from '../../src/organizations/index.js';
import { createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { PROBLEMS, branchNamed, branchingClient, requestEventCounter } from './support.js';

/** Sessions end to end over HTTP with the offline model: fork, messages per branch, transitions, limits, concurrency. */
describe('branching sessions', () => {
  let subject: TestApp;
  let events: Awaited<ReturnType<typeof requestEventCounter>>;
  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    events = await requestEventCounter(subject);
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });
  const client = async () => branchingClient(subject.url, (await createTenant(subject.app)).keys.operator);

  it('starts a session with an active root branch', async () => {
    const api = await client();
    const session = await api.start('VPN drops every 10 minutes', { domain: 'network', title: 'VPN' });
    expect(session).toMatchObject({ status: 'active', activeBranchId: session.rootBranchId });
    expect(session.branches).toEqual([
      expect.objectContaining({ id: session.rootBranchId, label: 'Root', status: 'active', active: true, parentBranchId: null }),
    ]);
    expect(await api.get(session.id)).toMatchObject({ id: session.id, branches: [{ label: 'Root' }] });
  });

  it('forks into untried branches that inherit the history up to the fork, each message marked with its branch', async () => {
    const api = await client();
    const session = await api.start();
    const root = session.rootBranchId;
    const first = await api.say(session.id, root, 'Since this morning nobody gets mail');
    expect(first.message).toMatchObject({ role: 'user', branchId: root, inherited: false });
    expect(first.reply).toMatchObject({ role: 'assistant', branchId: root });
    expect(first.reply.text.length).toBeGreaterThan(0);

    const forked = await api.fork(session.id, root, ['DNS', 'Firewall']);
    const dns = branchNamed(forked, 'DNS');
    const firewall = branchNamed(forked, 'Firewall');
    expect(dns).toMatchObject({ status: 'active', active: true, parentBranchId: root, messageCount: 0 });
    expect(firewall).toMatchObject({ status: 'untried', active: false });
    expect(forked.activeBranchId).toBe(dns.id);

    // A later message on the root is not inherited by the branches forked before it.
    await api.say(session.id, root, 'Also the printer is offline');
    await api.say(session.id, dns.id, 'dig MX shows the old host');
    const history = await api.messages(session.id, dns.id);
    expect(history.map((m) => [m.role, m.branchId === root ? 'root' : 'dns', m.inherited])).toEqual([
      ['user', 'root', true],
      ['assistant', 'root', true],
      ['user', 'dns', false],
      ['assistant', 'dns', false],
    ]);
    const view = await api.get(session.id);
    expect(branchNamed(view, 'Root').messageCount).toBe(4);
    expect(branchNamed(view, 'DNS').messageCount).toBe(2);
    expect(view.tokenUsage.inputTokens).toBeGreaterThan(0);
  });

  it('forks at a named message: the branches inherit only what came before it', async () => {
    const api = await client();
    const session = await api.start();
    const root = session.rootBranchId;
    const early = await api.say(session.id, root, 'first');
    await api.say(session.id, root, 'second');
    const forked = await api.fork(session.id, root, ['A', 'B'], { atMessageId: early.message.id });
    const history = await api.messages(session.id, branchNamed(forked, 'A').id);
    expect(history.map((m) => m.text)).toEqual(['first']);
  });

  it('moves a branch through dead end and revival, with who, why and a system note in its history', async () => {
    const api = await client();
    const session = await api.start();
    const forked = await api.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
    const dns = branchNamed(forked, 'DNS').id;
    const firewall = branchNamed(forked, 'Firewall').id;

    const dead = await api.transition(session.id, dns, 'dead-end', { reason: 'MX record is correct' });
    expect(dead.status).toBe(200);
    const afterDead = (await dead.json()) as Awaited<ReturnType<typeof api.get>>;
    expect(branchNamed(afterDead, 'DNS')).toMatchObject({
      status: 'dead_end',
      statusReason: 'MX record is correct',
      statusChangedBy: { kind: 'member' },
    });
    expect(afterDead.activeBranchId).toBeNull();

    const before = await events.count();
    const refused = await api.raw(`/sessions/${session.id}/branches/${dns}/messages`, { text: 'still there?' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ type: `${PROBLEMS}illegal-branch-transition`, branchStatus: 'dead_end' });
    const switchDead = await api.transition(session.id, dns, 'switch');
    expect(switchDead.status).toBe(409);
    const sameBranch = await api.transition(session.id, dns, 'revive', { evidenceFromBranchId: dns, evidence: 'itself' });
    expect(sameBranch.status).toBe(422);
    expect(await sameBranch.json()).toMatchObject({ type: `${PROBLEMS}evidence-from-same-branch` });
    expect(await events.count()).toBe(before);

    expect((await api.transition(session.id, firewall, 'switch')).status).toBe(200);
    const revived = await api.transition(session.id, dns, 'revive', { evidenceFromBranchId: firewall, evidence: 'Port 53 is blocked too' });
    expect(revived.status).toBe(200);
    const afterRevive = (await revived.json()) as Awaited<ReturnType<typeof api.get>>;
    expect(afterRevive.activeBranchId).toBe(dns);
    expect(branchNamed(afterRevive, 'DNS').status).toBe('revived');
    expect(branchNamed(afterRevive, 'Firewall').status).toBe('active');
    const history = await api.messages(session.id, dns);
    expect(history).toEqual([
      expect.objectContaining({ role: 'system', branchId: dns, text: expect.stringContaining('Port 53 is blocked too') }),
    ]);

    const solved = await api.transition(session.id, dns, 'solved', { reason: 'Opened port 53' });
    expect(await solved.json()).toMatchObject({ status: 'solved' });
    const again = await api.transition(session.id, dns, 'solved', { reason: 'twice' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: `${PROBLEMS}illegal-branch-transition`, branchStatus: 'solved' });
  });

  it('keeps a summary {tried, concluded, artifacts} of a branch, updated after an exchange without delaying the reply', async () => {
    const api = await client();
    const session = await api.start();
    const exchange = await api.say(session.id, session.rootBranchId, 'Restarted the mail service, no change');
    expect(exchange.reply.text.length).toBeGreaterThan(0);
    const view = await until(
      () => api.get(session.id),
      (s) => s.branches[0].summary !== null,
      'the branch summary',
    );
    expect(view.branches[0].summary).toEqual({
      tried: expect.any(Array),
      concluded: expect.any(String),
      artifacts: expect.any(Array),
    });
  });

  it('suggests 2–5 hypotheses ready to pass to fork', async () => {
    const api = await client();
    const session = await api.start();
    const response = await api.raw(`/sessions/${session.id}/suggestions`);
    expect(response.status).toBe(200);
    const { options } = (await response.json()) as {
      options: { label: string; description: string; likelihood: number; firstCheck: string }[];
    };
    expect(options.length).toBeGreaterThanOrEqual(2);
    expect(options.length).toBeLessThanOrEqual(5);
    for (const option of options)
      expect(option).toEqual({
        label: expect.any(String),
        description: expect.any(String),
        likelihood: expect.any(Number),
        firstCheck: expect.any(String),
      });
    const forked = await api.fork(session.id, session.rootBranchId, [], {
      options: options.map(({ label, description }) => ({ label, description })),
    });
    expect(forked.branches).toHaveLength(options.length + 1);
  });

  it('keeps exactly one active branch when switches race', async () => {
    const api = await client();
    const session = await api.start();
    const forked = await api.fork(session.id, session.rootBranchId, ['A', 'B', 'C', 'D', 'E'], { activateFirst: false });
    const targets = forked.branches.filter((b) => b.label !== 'Root');
    const answers = await Promise.all(targets.map((b) => api.transition(session.id, b.id, 'switch')));
    expect(answers.map((a) => a.status)).toEqual(targets.map(() => 200));
    const view = await api.get(session.id);
    expect(view.branches.filter((b) => b.active)).toHaveLength(1);
    expect(view.branches.find((b) => b.active)?.id).toBe(view.activeBranchId);
    // Every switched-to branch was activated once and kept its status when left.
    expect(targets.map((b) => branchNamed(view, b.label).status)).toEqual(targets.map(() => 'active'));
  });

  it.each([
    ['free', 2],
    ['pro', 5],
  ] as const)('limits the branches per fork point on the %s plan (%i) with a plan-limit problem', async (plan, limit) => {
    const tenancy = subject.app.get(TenancyService);
    const organization = await tenancy.createOrganization(`Plan ${plan}`, plan);
    const api = branchingClient(subject.url, organization.adminKey);
    const session = await api.start();
    const labels = Array.from({ length: limit + 1 }, (_, i) => `H${i}`);
    const before = await events.count();
    const over = await api.raw(`/sessions/${session.id}/fork`, {
      fromBranchId: session.rootBranchId,
      reason: 'many',
      options: labels.map((label) => ({ label, description: label })),
    });
    expect(over.status).toBe(403);
    expect(await over.json()).toMatchObject({ type: `${PROBLEMS}plan-limit`, limit, plan });
    expect(await events.count()).toBe(before);
    const within = await api.fork(session.id, session.rootBranchId, labels.slice(0, limit));
    expect(within.branches).toHaveLength(limit + 1);
  });
});
