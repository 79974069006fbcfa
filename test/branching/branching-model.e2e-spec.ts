import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { createTenant } from '../support/tenant.js';
import type { TestApp } from '../support/test-app.js';
import { branchNamed, branchingClient, lastStreamedChat, startAppOnLoopbackModel } from './support.js';

/** What the model is sent for a branch, through the real `openai` client against a loopback server. */
describe('branch prompts sent to the model', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  beforeAll(async () => {
    server = await startOpenAiTestServer();
    subject = await startAppOnLoopbackModel(server);
  });
  afterAll(async () => {
    await subject.close();
    await server.close();
  });

  const lastChat = () => lastStreamedChat(server);

  it('after a fork, a dead end and a revival: problem, inherited history only, siblings in order with reasons, the evidence', async () => {
    const api = branchingClient(subject.url, (await createTenant(subject.app)).keys.operator);
    const session = await api.start('Outlook cannot reach the mail server', { domain: 'email' });
    const root = session.rootBranchId;
    await api.say(session.id, root, 'Nobody gets mail since 9:00');
    const forked = await api.fork(session.id, root, ['DNS', 'Firewall', 'Certificate']);
    const dns = branchNamed(forked, 'DNS').id;
    const firewall = branchNamed(forked, 'Firewall').id;
    // Only the root's history before the fork belongs to the branches.
    await api.say(session.id, root, 'The printer is offline too');

    await api.say(session.id, dns, 'dig MX shows the right host');
    const onDns = lastChat();
    expect(onDns.model).toBe('branch-model');
    const texts = (onDns.messages ?? []).map((m) => `${m.role}: ${m.content}`);
    expect(texts[0]).toMatch(/^system: /);
    expect(texts[0]).toContain('Outlook cannot reach the mail server');
    expect(texts[0]).toContain('DNS: Maybe DNS');
    expect(texts.slice(1)).toEqual([
      'user: Nobody gets mail since 9:00',
      expect.stringMatching(/^assistant: echo: /),
      'user: dig MX shows the right host',
    ]);
    expect(texts.join('\n')).not.toContain('printer');

    expect((await api.transition(session.id, dns, 'dead-end', { reason: 'MX record is correct' })).status).toBe(200);
    expect((await api.transition(session.id, firewall, 'switch')).status).toBe(200);
    await api.say(session.id, firewall, 'telnet 587 hangs');
    const onFirewall = (lastChat().messages ?? [])[0].content;
    const siblings = onFirewall.slice(onFirewall.indexOf('## Other branches'));
    // Root is active, Certificate untried, DNS a dead end with its reason.
    expect(siblings.indexOf('Root [active]')).toBeLessThan(siblings.indexOf('Certificate [untried]'));
    expect(siblings.indexOf('Certificate [untried]')).toBeLessThan(siblings.indexOf('DNS [dead end]; ruled out: MX record is correct'));
    expect(onFirewall).not.toContain('Revival evidence');

    expect(
      (await api.transition(session.id, dns, 'revive', { evidenceFromBranchId: firewall, evidence: 'Port 53 is blocked as well' })).status,
    ).toBe(200);
    await api.say(session.id, dns, 'So DNS over 53 fails?');
    const revived = (lastChat().messages ?? []).map((m) => `${m.role}: ${m.content}`);
    expect(revived[0]).toContain('## Revival evidence');
    expect(revived[0]).toContain('evidence from "Firewall": Port 53 is blocked as well');
    expect(revived).toContainEqual(
      expect.stringMatching(/^system: \[Note\] Branch revived with evidence from "Firewall": Port 53 is blocked as well$/),
    );
    expect(revived[revived.length - 1]).toBe('user: So DNS over 53 fails?');
    // The dead end's own history stays: its earlier exchange is still there, before the note.
    expect(revived.indexOf('user: dig MX shows the right host')).toBeGreaterThan(0);
  });
});
