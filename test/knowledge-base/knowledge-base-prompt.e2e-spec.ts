import { branchingClient, lastStreamedChat, startAppOnLoopbackModel } from '../branching/support.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { createTenant } from '../support/tenant.js';
import type { TestApp } from '../support/test-app.js';
import { ARTICLES, knowledgeBaseClient } from './support.js';

/**
 * A new session's problem finds its article, and the branch prompt the model receives (through the
 * real `openai` client against a loopback server) cites it by id. The loopback model has no
 * embedding model, so the knowledge base embeds offline.
 */
describe('knowledge-base articles in branch prompts', () => {
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

  it('cites the article matching the problem in the first reply’s prompt, and asks the model to cite the id', async () => {
    const tenant = await createTenant(subject.app);
    const kb = knowledgeBaseClient(subject.url, tenant.keys.operator);
    const outlook = await kb.publish(ARTICLES.outlook);
    const printer = await kb.publish(ARTICLES.printer);
    await kb.publish(ARTICLES.vpn);
    const archived = await kb.publish({ title: 'Outlook password prompts (old)', content: 'Outlook password: reinstall Office.' });
    expect((await kb.archive(archived.id)).status).toBe(200);

    // The knowledge base's own search finds it from the problem text.
    const problem = 'Since this morning Outlook keeps asking me for my password';
    const found = await kb.hits('outlook password');
    expect(found[0].id).toBe(outlook.id);

    const api = branchingClient(subject.url, tenant.keys.operator);
    const session = await api.start(problem);
    await api.say(session.id, session.rootBranchId, 'I changed my password yesterday');
    const system = String((lastStreamedChat(server).messages ?? [])[0].content);
    const section = system.slice(system.indexOf('## Knowledge base'));
    expect(section).toContain(`[kb:${outlook.id}] ${ARTICLES.outlook.title} — `);
    expect(section).toMatch(/cite its id/);
    // The best article comes first; an archived one is never cited.
    const cited = [...section.matchAll(/^- \[kb:([0-9a-f-]{36})\]/gm)].map((match) => match[1]);
    expect(cited[0]).toBe(outlook.id);
    expect(cited.length).toBeLessThanOrEqual(3);
    expect(system).not.toContain(archived.id);

    // A message about another problem brings its article into the next prompt.
    await api.say(session.id, session.rootBranchId, 'Also the printer shows offline after the Windows update');
    const next = String((lastStreamedChat(server).messages ?? [])[0].content);
    expect(next).toContain(`[kb:${printer.id}]`);
  });

  it('adds no knowledge-base section for an organization without articles', async () => {
    const tenant = await createTenant(subject.app, 'Empty');
    const api = branchingClient(subject.url, tenant.keys.operator);
    const session = await api.start('Outlook keeps asking for the password');
    await api.say(session.id, session.rootBranchId, 'Still asking');
    expect(String((lastStreamedChat(server).messages ?? [])[0].content)).not.toContain('## Knowledge base');
  });
});
