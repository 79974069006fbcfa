import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { PROBLEMS, branchNamed } from '../branching/support.js';
import { PsaReceiver, configure } from '../integrations/psa/support.js';
import { type OutputBody, type ResolutionBody, outputOfType, resolutionsClient } from './support.js';

/** Resolving a session drafts three documents (offline here), reviewed before they leave. */
describe('resolutions: three drafts, reviewed, pushed', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof resolutionsClient>;
  let receiver: PsaReceiver;

  beforeAll(async () => {
    receiver = await PsaReceiver.start();
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20', PSA_ALLOW_PRIVATE_URLS: 'true' });
    tenant = await createTenant(subject.app);
    api = resolutionsClient(subject.url, tenant.keys.operator);
  });
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await subject?.close();
    await receiver?.close();
  });

  const resolved = async (sessionId: string, body: Record<string, unknown> = { resolution: 'Raised the DHCP lease to 24 hours' }) => {
    const response = await api.resolve(sessionId, body);
    expect(response.status).toBe(201);
    return (await response.json()) as ResolutionBody;
  };

  it('resolves at once; the article’s “Rule out first” names both dead ends with their reasons', async () => {
    const session = await api.workedSession();
    const started = Date.now();
    const resolution = await resolved(session.id, { resolution: 'Raised the DHCP lease to 24 hours', rootCause: 'A 60-minute DHCP lease' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(resolution.status).toBe('resolved');
    expect(resolution.outputs.map((output) => [output.type, output.status])).toEqual([
      ['psa_notes', 'generating'],
      ['kb_article', 'generating'],
      ['client_summary', 'generating'],
    ]);
    expect((await api.sessions.get(session.id)).status).toBe('resolved');

    const drafts = await api.drafted(session.id);
    expect(drafts.every((draft) => draft.status === 'draft' && draft.contentVersion === 1 && draft.model === 'offline')).toBe(true);
    const article = outputOfType(drafts, 'kb_article').content!;
    expect(article).toContain('# VPN drops every hour');
    expect(article).toContain('## Cause\n\nA 60-minute DHCP lease');
    expect(article).toContain('## Fix\n\nRaised the DHCP lease to 24 hours');
    const ruleOutFirst = article.slice(article.indexOf('## Rule out first'));
    expect(ruleOutFirst).toContain('**DNS** — Resolvers answer in 3 ms and the drops continue with IPs');
    expect(ruleOutFirst).toContain('**MTU** — Pings with DF at 1400 bytes pass');
    expect(ruleOutFirst).not.toContain('Lease');
    const notes = outputOfType(drafts, 'psa_notes').content!;
    expect(notes).toContain('## Internal analysis');
    expect(notes).toContain('Solved on the hypothesis "Lease": The DHCP lease was 60 minutes.');
    const summary = outputOfType(drafts, 'client_summary').content!;
    expect(summary).not.toContain('MTU'); // no internal detail for the client
    expect(summary).toContain('Raised the DHCP lease to 24 hours');
  });

  it('a resolved session takes no more work and is not resolved twice; re-opened and resolved again, its new drafts replace the old', async () => {
    const session = await api.workedSession('Printer queue stalls');
    const first = await resolved(session.id);
    const again = await api.resolve(session.id, { resolution: 'Twice' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: `${PROBLEMS}session-already-resolved`, resolutionId: first.resolutionId });
    const fork = await api.sessions.raw(`/sessions/${session.id}/fork`, {
      fromBranchId: session.rootBranchId,
      reason: 'More',
      options: [
        { label: 'A', description: 'a' },
        { label: 'B', description: 'b' },
      ],
    });
    expect(fork.status).toBe(409);
    expect(await fork.json()).toMatchObject({ type: `${PROBLEMS}session-resolved` });

    const reopened = await api.reopen(session.id, { reason: 'It stalled again' });
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toMatchObject({ id: session.id, status: 'active' });
    expect((await api.reopen(session.id)).status).toBe(409);
    await api.drafted(session.id);
    const second = await resolved(session.id, { resolution: 'Replaced the spooler driver' });
    const current = await api.drafted(session.id);
    expect(current.map((output) => output.resolutionId)).toEqual([second.resolutionId, second.resolutionId, second.resolutionId]);
    expect(outputOfType(current, 'kb_article').content).toContain('Replaced the spooler driver');
    const history = await api.outputs(session.id, '?history=true');
    expect(history).toHaveLength(6);
    expect(history.filter((output) => !output.current).map((output) => output.resolutionId)).toEqual([
      first.resolutionId,
      first.resolutionId,
      first.resolutionId,
    ]);
  });

  it('refuses a dead end as the solution, an unknown branch, and a session waiting on the queue', async () => {
    const session = await api.workedSession('Disk fills overnight');
    const dns = branchNamed(session, 'DNS').id;
    const deadEnd = await api.resolve(session.id, { resolution: 'x', solvedBranchId: dns });
    expect(deadEnd.status).toBe(409);
    expect(await deadEnd.json()).toMatchObject({ type: `${PROBLEMS}illegal-branch-transition` });
    expect((await api.resolve(session.id, { resolution: 'x', solvedBranchId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const waiting = await api.sessions.start('Waits on the queue');
    await api.sessions.raw(`/sessions/${waiting.id}/handoffs`, { kind: 'park', notes: 'Later' });
    const parked = await api.resolve(waiting.id, { resolution: 'x' });
    expect(parked.status).toBe(409);
    expect(await parked.json()).toMatchObject({ type: `${PROBLEMS}session-waiting-on-queue` });
  });

  it('edit with If-Match, approve, push to the clipboard and the PSA; each push once per target', async () => {
    const session = await api.workedSession('Wi-Fi drops in room 4');
    await resolved(session.id);
    const notes = outputOfType(await api.drafted(session.id), 'psa_notes');

    const early = await api.act(notes.id, 'push', { target: 'clipboard' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ type: `${PROBLEMS}illegal-output-transition`, outputStatus: 'draft' });

    const got = await api.output(notes.id);
    const etag = got.headers.get('etag')!;
    const content = `${notes.content}\n\nChecked by the night shift.`;
    const edited = await api.act(notes.id, '', { content }, { 'if-match': etag });
    expect(edited.status).toBe(200);
    const afterEdit = (await edited.json()) as OutputBody;
    expect(afterEdit).toMatchObject({ status: 'draft', contentVersion: 2, content });
    expect(afterEdit.versions.map((version) => [version.version, version.source])).toEqual([
      [1, 'model'],
      [2, 'edit'],
    ]);
    expect(afterEdit.versions[0].by).toBeNull(); // drafted
    expect(afterEdit.versions[1].by).toEqual(expect.objectContaining({ id: expect.any(String) })); // the editor
    const stale = await api.act(notes.id, '', { content: 'lost update' }, { 'if-match': etag });
    expect(stale.status).toBe(412);

    expect((await api.act(notes.id, 'approve')).status).toBe(200);
    const clipboard = await api.act(notes.id, 'push', { target: 'clipboard' });
    expect(clipboard.status).toBe(200);
    const pasted = (await clipboard.json()) as {
      output: OutputBody;
      push: { pushId: string };
      clipboard: { markdown: string; plainText: string };
    };
    expect(pasted.output.status).toBe('pushed');
    expect(pasted.clipboard.markdown).toBe(content);
    expect(pasted.clipboard.plainText).toContain('Internal analysis');
    expect(pasted.clipboard.plainText).not.toContain('## ');
    const twice = (await (await api.act(notes.id, 'push', { target: 'clipboard' })).json()) as typeof pasted;
    expect(twice.push.pushId).toBe(pasted.push.pushId);

    const unconfigured = await api.act(notes.id, 'push', { target: 'psa' });
    expect(unconfigured.status).toBe(409);
    expect(await unconfigured.json()).toMatchObject({ type: `${PROBLEMS}psa-not-configured` });
    expect((await configure(subject.url, tenant.keys.admin, receiver.url, ['resolution'])).status).toBe(200);
    const pushed = await api.act(notes.id, 'push', { target: 'psa' });
    expect(pushed.status).toBe(200);
    const { push } = (await pushed.json()) as { push: { pushId: string; reference: string } };
    expect(push.reference).toBe(push.pushId);
    await until(
      async () => receiver.received.filter((delivery) => delivery.deliveryId === push.pushId),
      (received) => received.length === 1,
      'the PSA delivery',
    );
    const delivery = receiver.received.find((d) => d.deliveryId === push.pushId)!;
    expect(delivery.signatureValid).toBe(true);
    expect(delivery.body).toMatchObject({
      id: push.pushId,
      type: 'resolution',
      session: { id: session.id, status: 'resolved' },
      note: { title: 'Resolution: Wi-Fi drops in room 4', body: content, visibility: 'internal' },
    });
    const again = (await (await api.act(notes.id, 'push', { target: 'psa' })).json()) as { push: { pushId: string } };
    expect(again.push.pushId).toBe(push.pushId);
    expect((await api.act(notes.id, 'push', { target: 'knowledge_base' })).status).toBe(422);
  });

  it('reject, regenerate with instructions, and the rules of each status', async () => {
    const session = await api.workedSession('Backups skip Sundays');
    await resolved(session.id);
    const summary = outputOfType(await api.drafted(session.id), 'client_summary');
    const rejected = await api.act(summary.id, 'reject', { reason: 'Too vague' });
    expect(await rejected.json()).toMatchObject({ status: 'rejected', rejected: { reason: 'Too vague' } });
    const regenerating = await api.act(summary.id, 'regenerate', { instructions: 'Mention the new schedule' });
    expect(await regenerating.json()).toMatchObject({ status: 'generating', instructions: 'Mention the new schedule' });
    const redrafted = await until(
      async () => (await (await api.output(summary.id)).json()) as OutputBody,
      (output) => output.status === 'draft',
      'the new draft',
    );
    expect(redrafted.contentVersion).toBe(2);
    expect(redrafted.versions).toHaveLength(2);
    expect((await api.act(summary.id, 'approve', {}, {}, tenant.keys.agent)).status).toBe(403);
    expect((await api.act(summary.id, 'push', { target: 'email' })).status).toBe(400);
    expect((await api.act(summary.id, 'push', { target: 'clipboard', to: ['a@example.com'] })).status).toBe(400);
    expect((await api.act(summary.id, 'push', { target: 'email', to: ['not an address'] })).status).toBe(400);
    expect((await api.act(summary.id, 'push', { target: 'fax' })).status).toBe(400);
  });

  it('the resolution and every output change reach the session’s room, as documented', async () => {
    const session = await api.workedSession('Laptop will not dock');
    const seen: DeliveredEvent[] = [];
    const socket = await connectSocket(subject.url, tenant.keys.operator, (event) => seen.push(event));
    sockets.push(socket);
    expect(await subscribeSocket(socket, [`session:${session.id}`])).toMatchObject({ ok: true });
    await resolved(session.id);
    const summary = outputOfType(await api.drafted(session.id), 'client_summary');
    await api.act(summary.id, 'approve');
    await api.act(summary.id, 'push', { target: 'clipboard' });
    await api.reopen(session.id);
    const types = ['SessionResolved', 'OutputDrafted', 'OutputApproved', 'OutputPushed', 'SessionReopened'];
    await until(
      async () =>
        types.every((type) => seen.some((event) => event.type === type)) && seen.filter((e) => e.type === 'OutputDrafted').length === 3,
      (done) => done,
      'the events in the session room',
    );
    const documented = new AsyncApiEventValidator();
    for (const event of seen) documented.check(event);
    expect(documented.problems).toEqual([]);
  });
});
