import { call, createTenant, json, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { SmtpReceiver, message } from '../integrations/email/support.js';
import { type OutputBody, type ResolutionBody, outputOfType, resolutionsClient } from './support.js';

/** Approved documents leave through real transports: SMTP on loopback. */
describe('pushing resolution documents out', () => {
  let smtp: SmtpReceiver;
  let subject: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof resolutionsClient>;

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    subject = await startTestApp({
      DEMO_ORGANIZATION: 'false',
      DEADLINE_POLL_MS: '20',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Support <support@example.com>',
    });
    tenant = await createTenant(subject.app);
    api = resolutionsClient(subject.url, tenant.keys.operator);
  });
  afterAll(async () => {
    await subject?.close();
    await smtp?.close();
  });

  const approvedSummary = async () => {
    const session = await api.workedSession('Shared drive is read-only');
    const resolution = (await (
      await api.resolve(session.id, { resolution: 'Restored write permission for the team' })
    ).json()) as ResolutionBody;
    await api.drafted(session.id);
    const summary = outputOfType(resolution.outputs, 'client_summary');
    expect((await api.act(summary.id, 'approve')).status).toBe(200);
    return summary;
  };

  it('e-mails the approved client summary through SMTP, once, and records the push with its message id', async () => {
    const summary = await approvedSummary();
    const pushed = await api.act(summary.id, 'push', { target: 'email', to: ['client@example.com'] });
    expect(pushed.status).toBe(200);
    const { push, output } = (await pushed.json()) as { push: { pushId: string; reference: string; to: string[] }; output: OutputBody };
    expect(push).toMatchObject({ reference: push.pushId, to: ['client@example.com'] });
    const mails = await until(
      async () => smtp.accepted().filter((mail) => mail.to.includes('client@example.com')),
      (accepted) => accepted.length === 1,
      'the e-mail',
    );
    expect(mails[0].raw).toContain('Subject: How we fixed it: Shared drive is read-only');
    expect(mails[0].raw).toContain('Restored write permission for the team');
    expect(mails[0].from).toBe('support@example.com');
    const sent = await until(
      () => message(subject.url, tenant.keys.admin, push.pushId),
      (m) => m?.status === 'sent',
      'the outbox to say sent',
    );
    expect(sent).toMatchObject({ source: { kind: 'resolution_output', id: output.id } });
    // Pushing there again answers the first push and sends nothing.
    const again = (await (await api.act(summary.id, 'push', { target: 'email', to: ['client@example.com'] })).json()) as typeof push & {
      push: { pushId: string };
    };
    expect(again.push.pushId).toBe(push.pushId);
    expect(smtp.accepted().filter((mail) => mail.to.includes('client@example.com'))).toHaveLength(1);
  });

  it('publishes the approved article to the knowledge base under the output’s id; a new session’s problem finds it', async () => {
    const session = await api.workedSession('Badge readers reject every card after the firmware update');
    const resolution = (await (
      await api.resolve(session.id, {
        resolution: 'Rolled the reader firmware back to 4.2',
        rootCause: 'Firmware 4.3 drops the legacy card format',
      })
    ).json()) as ResolutionBody;
    await api.drafted(session.id);
    const article = outputOfType(resolution.outputs, 'kb_article');
    expect((await api.act(article.id, 'approve')).status).toBe(200);
    const pushed = (await (await api.act(article.id, 'push', { target: 'knowledge_base' })).json()) as { push: { reference: string } };
    expect(pushed.push.reference).toBe(article.id);
    const published = await until(
      async () => call(`${subject.url}/api/v1/knowledge-base/articles/${article.id}`, tenant.keys.operator),
      (response) => response.status === 200,
      'the published article',
    );
    const body = (await published.json()) as { title: string; content: string; source: Record<string, string> };
    expect(body.title).toBe('Badge readers reject every card after the firmware update');
    expect(body.content).toContain('## Rule out first');
    expect(body.source).toEqual({ kind: 'resolution', sessionId: session.id, outputId: article.id });
    const search = await json<{ items: { id: string; highlight: string }[] }>(
      call(
        `${subject.url}/api/v1/knowledge-base/articles?q=${encodeURIComponent('badge reader rejects cards after firmware update')}`,
        tenant.keys.operator,
      ),
    );
    expect(search.items[0]?.id).toBe(article.id);
    expect(search.items[0].highlight).toContain('<mark>');

    // Edited, approved and pushed again: the knowledge base now has the new text, searchable by its words.
    const etag = (await api.output(article.id)).headers.get('etag') ?? '';
    const revisedContent = `${body.content}\n\n## Before the readers\nUpdate the door controllers to 4.4 first.`;
    expect((await api.act(article.id, '', { content: revisedContent }, { 'if-match': etag })).status).toBe(200);
    expect((await api.act(article.id, 'approve')).status).toBe(200);
    expect((await api.act(article.id, 'push', { target: 'knowledge_base' })).status).toBeLessThan(300);
    const revised = await until(
      () =>
        json<{ content: string; status: string; revisedAt: string | null; revisedBy: unknown }>(
          call(`${subject.url}/api/v1/knowledge-base/articles/${article.id}`, tenant.keys.operator),
        ),
      (article) => article.revisedAt !== null,
      'the revised article',
    );
    expect(revised).toMatchObject({ content: revisedContent, status: 'published', revisedBy: { kind: 'system' } });
    const found = await json<{ items: { id: string }[] }>(
      call(`${subject.url}/api/v1/knowledge-base/articles?q=${encodeURIComponent('door controllers')}`, tenant.keys.operator),
    );
    expect(found.items.map((item) => item.id)).toEqual([article.id]);
  });

  it('refuses recipients that are not addresses, and too many, recording nothing', async () => {
    const summary = await approvedSummary();
    for (const to of [
      ['not an address'],
      ['a@b.example', 'ünïcode@example..com'],
      Array.from({ length: 21 }, (_, i) => `p${i}@example.com`),
      [],
    ]) {
      const response = await api.act(summary.id, 'push', { target: 'email', to });
      expect(response.status).toBe(400);
    }
    expect(((await (await api.output(summary.id)).json()) as OutputBody).pushes).toEqual([]);
  });
});
