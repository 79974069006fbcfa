import pg from 'pg';
import { withLlmEnv, loopbackModelEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, type RecordedRequest, startOpenAiTestServer } from '../support/openai-test-server.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { sleep, until } from '../support/until.js';
import { PROBLEMS } from '../branching/support.js';
import { type OutputBody, outputOfType, resolutionsClient } from './support.js';

const PARTS = {
  psa_notes: {
    internalAnalysis: 'The lease timer matched the drops to the minute.',
    resolutionNote: 'Lease raised to 24 h on the DHCP scope.',
  },
  kb_article: {
    title: 'VPN drops every hour on a short DHCP lease',
    problem: 'The VPN disconnects every 60 minutes.',
    environment: 'Branch office, Windows clients',
    cause: 'A 60-minute DHCP lease renews the address under the tunnel.',
    fix: 'Raise the lease on the scope to 24 hours.',
    steps: ['Open the DHCP scope', 'Set the lease to 24 hours', 'Renew on one client and watch for an hour'],
  },
  client_summary: { summary: 'Your VPN kept dropping because of a network setting; we changed it and it is stable now.' },
};

/** Which document a drafting request asks for, from its system prompt. */
const typeAsked = (body: RecordedRequest['body']) => {
  const system = (body.messages ?? []).map((message) => message.content).join('\n');
  if (system.includes('ticket notes')) return 'psa_notes';
  if (system.includes('knowledge-base article')) return 'kb_article';
  return 'client_summary';
};

const RETRIES = {
  DEADLINE_POLL_MS: '20',
  RESOLUTION_DRAFT_BACKOFF_BASE_MS: '50',
  RESOLUTION_DRAFT_BACKOFF_MAX_MS: '200',
  RESOLUTION_DRAFT_MAX_ATTEMPTS: '3',
};

/** The drafts from a model on loopback: retried through its failures, the facts of the record kept. */
describe('resolution drafts from a model', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof resolutionsClient>;
  const drafting = () => server.requests.filter((request) => request.path.endsWith('/chat/completions') && typeAsked(request.body));

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.reply = (body) => JSON.stringify(PARTS[typeAsked(body)]);
    subject = await withLlmEnv(
      {
        ...loopbackModelEnv(server.baseUrl, 'drafter'),
      },
      () => startTestApp({ DEMO_ORGANIZATION: 'false', ...RETRIES }),
    );
    tenant = await createTenant(subject.app, 'Drafted');
    api = resolutionsClient(subject.url, tenant.keys.operator);
  });
  afterEach(() => server?.discardScripted());
  afterAll(async () => {
    await subject?.close();
    await server?.close();
  });

  it('the model server failing first, then recovering: the drafts arrive, once each, with the record’s “Rule out first”', async () => {
    const session = await api.workedSession();
    // Scripted before resolving: the first tries are due at once. Each document's first try fails.
    server.enqueue({ status: 500 }, { status: 503 }, { status: 500 });
    const response = await api.resolve(session.id, { resolution: 'Raised the DHCP lease to 24 hours' });
    expect(response.status).toBe(201);
    const drafts = await api.drafted(session.id);
    expect(drafts.map((draft) => [draft.status, draft.model, draft.contentVersion])).toEqual([
      ['draft', 'loopback/drafter', 1],
      ['draft', 'loopback/drafter', 1],
      ['draft', 'loopback/drafter', 1],
    ]);
    const article = outputOfType(drafts, 'kb_article').content!;
    expect(article).toContain('# VPN drops every hour on a short DHCP lease');
    expect(article).toContain('1. Open the DHCP scope');
    expect(article).toContain('**DNS** — Resolvers answer in 3 ms and the drops continue with IPs');
    expect(article).toContain('**MTU** — Pings with DF at 1400 bytes pass');
    expect(outputOfType(drafts, 'client_summary').content).toBe(PARTS.client_summary.summary);
    // The model was told the facts, dead ends included.
    const articlePrompt = drafting().find((request) => typeAsked(request.body) === 'kb_article')!;
    const asked = (articlePrompt.body.messages ?? []).map((message) => message.content).join('\n');
    expect(asked).toContain('Problem: VPN drops every hour');
    expect(asked).toContain('Ruled out: DNS — Resolvers answer in 3 ms');
    await sleep(300); // a doubled try would land now
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE type = 'OutputDrafted' AND data->>'sessionId' = $1`,
      [session.id],
    );
    await db.end();
    expect(Number(rows[0].n)).toBe(3);
  });

  it('after the last failed try the draft is failed with the reason; regenerated once the model is back, it arrives', async () => {
    const session = await api.workedSession('Scanner sends blank pages');
    server.enqueue(...Array.from({ length: 9 }, () => ({ status: 500 })));
    await api.resolve(session.id, { resolution: 'Cleaned the glass' });
    const failed = await api.drafted(session.id);
    expect(failed.map((output) => output.status)).toEqual(['failed', 'failed', 'failed']);
    const notes = outputOfType(failed, 'psa_notes');
    expect(notes.failure).toMatchObject({ attempts: 3, reason: expect.any(String) });
    expect((await api.act(notes.id, 'approve')).status).toBe(409);
    // Slow now: the regenerated draft is being written while we try to edit it.
    server.enqueue({ delayMs: 500, content: JSON.stringify(PARTS.psa_notes) });
    expect(await (await api.act(notes.id, 'regenerate', { instructions: 'Mention the glass' })).json()).toMatchObject({
      status: 'generating',
    });
    const busy = await api.act(notes.id, '', { content: 'mine' });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ type: `${PROBLEMS}illegal-output-transition`, outputStatus: 'generating' });
    const drafted = await until(
      async () => (await (await api.output(notes.id)).json()) as OutputBody,
      (output) => output.status === 'draft',
      'the regenerated draft',
    );
    expect(drafted).toMatchObject({ contentVersion: 1, failure: null, model: 'loopback/drafter' });
    const regeneration = drafting().at(-1)!;
    expect((regeneration.body.messages ?? []).map((message) => message.content).join('\n')).toContain(
      'Instructions from the reviewer: Mention the glass',
    );
  });
});
