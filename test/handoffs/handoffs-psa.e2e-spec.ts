import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { untilTrue } from '../support/until.js';
import { PsaReceiver, configure } from '../integrations/psa/support.js';
import { handoffsClient } from './support.js';

/** Each handoff reaches the organization's PSA as a signed, internal ticket note with the handoff's id. */
describe('handoffs pushed to the PSA', () => {
  let subject: TestApp;
  let receiver: PsaReceiver;
  let tenant: TestTenant;

  beforeAll(async () => {
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      DEADLINE_POLL_MS: '20',
      PSA_ALLOW_PRIVATE_URLS: 'true',
      PSA_BACKOFF_BASE_MS: '100',
    });
    receiver = await PsaReceiver.start();
    tenant = await createTenant(subject.app, 'Ticketing');
    expect((await configure(subject.url, tenant.keys.admin, receiver.url, ['handoff'])).status).toBe(200);
  });
  afterAll(async () => {
    await receiver.close();
    await subject.close();
  });

  it('delivers an escalation as a note with the branch map, retried to success under one delivery id', async () => {
    const api = handoffsClient(subject.url, tenant.keys.operator);
    const session = await api.sessions.start('Outlook cannot reach the mail server');
    const forked = await api.sessions.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
    const dns = forked.branches.find((b) => b.label === 'DNS')!.id;
    await api.sessions.transition(session.id, dns, 'dead-end', { reason: 'MX record | is correct' });
    await api.sessions.transition(session.id, forked.branches.find((b) => b.label === 'Firewall')!.id, 'switch');
    // Scripted before the handoff: its note's first try is due at once.
    receiver.scriptNext([{ status: 503 }, { status: 200 }]);
    const response = await api.handOff(session.id, { kind: 'escalate', notes: 'Needs firewall access', priority: 'elevated' });
    const { id } = (await response.json()) as { id: string };

    await untilTrue(() => receiver.received.some((r) => r.deliveryId === id && r.answered === 200), 'the note delivered');
    const tries = receiver.received.filter((r) => r.deliveryId === id);
    expect(tries.map((r) => r.answered)).toEqual([503, 200]);
    expect(tries.every((r) => r.signatureValid)).toBe(true);
    expect(tries[1].body).toMatchObject({
      id,
      type: 'handoff',
      organizationId: tenant.organizationId,
      session: { id: session.id, problem: 'Outlook cannot reach the mail server', status: 'escalated', stepCount: 0 },
      note: { title: 'Escalated: Outlook cannot reach the mail server', visibility: 'internal' },
    });
    const body = (tries[1].body as { note: { body: string } }).note.body;
    expect(body).toContain('**Escalated** (elevated priority) after 0 message(s).');
    expect(body).toContain('| DNS | dead_end | MX record \\| is correct |');
    expect(body).toContain('Active branch: **Firewall**');
  });

  it('sends nothing for an organization without the webhook', async () => {
    const quiet = await createTenant(subject.app, 'Quiet');
    const { handoff } = await handoffsClient(subject.url, quiet.keys.operator).handedOff();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.filter((r) => r.deliveryId === handoff.id)).toEqual([]);
  });
});
