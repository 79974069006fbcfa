import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import pg from 'pg';
import { PublishArticleCommand } from '../../src/knowledge-base/index.js';
import { systemContext } from '../../src/platform/decider/command-context.js';
import { LlmGateway } from '../../src/platform/llm/index.js';
import { eventCounter } from '../support/endpoint-access.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { ARTICLES, type ArticleBody, PROBLEMS, knowledgeBaseClient } from './support.js';

/** The knowledge base over real HTTP and Postgres, with the offline embedding. */
describe('knowledge base', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let kb: ReturnType<typeof knowledgeBaseClient>;
  const published: Record<keyof typeof ARTICLES, ArticleBody> = {} as never;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    kb = knowledgeBaseClient(subject.url, tenant.keys.operator);
    for (const [name, article] of Object.entries(ARTICLES)) published[name as keyof typeof ARTICLES] = await kb.publish(article);
  });
  afterAll(() => subject.close());

  it('publishes a hand-written article and reads it back by id', async () => {
    const article = published.outlook;
    expect(article).toMatchObject({
      title: ARTICLES.outlook.title,
      tags: ['outlook', 'm365'],
      source: { kind: 'hand_written' },
      status: 'published',
      archiveReason: null,
    });
    const response = await kb.get(article.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(article);
  });

  it('stores the article as an ArticlePublished event on its own stream, with its embedding beside the read model', async () => {
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    try {
      const events = await db.query(`SELECT type, data FROM events WHERE stream_id = $1`, [`kb_article-${published.vpn.id}`]);
      expect(events.rows).toEqual([
        { type: 'ArticlePublished', data: expect.objectContaining({ articleId: published.vpn.id, organizationId: tenant.organizationId }) },
      ]);
      const [row] = (await db.query(`SELECT embedding_model, length(embedding) AS n FROM kb_articles WHERE id = $1`, [published.vpn.id]))
        .rows;
      // 256 float32 dimensions.
      expect(row).toEqual({ embedding_model: 'agent-squad-hashed-256', n: 1024 });
    } finally {
      await db.end();
    }
  });

  it('ranks the relevant article first, with the matched words highlighted', async () => {
    const hits = await kb.hits('outlook password prompt');
    expect(hits[0]).toMatchObject({ id: published.outlook.id, title: ARTICLES.outlook.title });
    expect(hits[0].highlight).toMatch(/<mark>\w+<\/mark>/);
    expect(hits[0].score).toBeGreaterThan(0);
    expect(hits[0].similarity).toBeGreaterThan(0);
    expect(hits.map((h) => h.id)).not.toContain(published.printer.id);

    const printing = await kb.hits('printer offline');
    expect(printing[0].id).toBe(published.printer.id);
  });

  it('highlights the words the content has when another matched in the title only', async () => {
    const excel = await kb.publish({
      title: 'Excel freezes on open',
      content: 'Start it in safe mode and disable the add-ins one by one.',
    });
    const [hit] = await kb.hits('excel safe mode');
    expect(hit.id).toBe(excel.id);
    expect(hit.highlight).toContain('<mark>safe</mark> <mark>mode</mark>');
  });

  it('ranks by meaning among full-text matches: the closer text scores higher', async () => {
    const restart = await kb.hits('restart');
    // Both the Outlook and the printer article say "restart"; their order follows the rest of the text.
    expect(restart.map((h) => h.id).sort()).toEqual([published.outlook.id, published.printer.id].sort());
    const spooler = await kb.hits('restart the print spooler');
    expect(spooler[0].id).toBe(published.printer.id);
  });

  it('embeds the query only when something matched: a search that finds nothing makes no model call', async () => {
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    const embedCalls = async () => {
      await subject.app.get(LlmGateway).flushUsage();
      const [row] = (
        await db.query(`SELECT count(*)::int AS n FROM llm_usage WHERE tenant_id = $1 AND kind = 'embed'`, [tenant.organizationId])
      ).rows;
      return row.n as number;
    };
    try {
      const before = await embedCalls();
      expect(await kb.hits('zeppelin hovercraft')).toEqual([]);
      expect(await embedCalls()).toBe(before);
      expect((await kb.hits('printer offline')).length).toBeGreaterThan(0);
      expect(await embedCalls()).toBe(before + 1);
    } finally {
      await db.end();
    }
  });

  it('limits the page', async () => {
    expect(await kb.hits('restart', 1)).toHaveLength(1);
  });

  it('answers the same page whether every match fits in it (highlighted in one statement) or not (highlighted after the rerank)', async () => {
    const everyMatch = await kb.hits('restart', 10);
    expect(everyMatch.length).toBeGreaterThan(1);
    for (const hit of everyMatch) expect(hit.highlight).toMatch(/<mark>restart<\/mark>/i);
    expect(await kb.hits('restart', 1)).toEqual(everyMatch.slice(0, 1));
    expect(await kb.hits('restart', everyMatch.length - 1)).toEqual(everyMatch.slice(0, -1));
  });

  it('archives an article: gone from search, still readable by id; archiving again changes nothing', async () => {
    const article = await kb.publish({ title: 'Teams camera is black', content: 'Close other apps using the camera, then restart Teams.' });
    expect((await kb.hits('teams camera')).map((h) => h.id)).toEqual([article.id]);

    const archived = await kb.archive(article.id, 'camera drivers fixed');
    expect(archived.status).toBe(200);
    expect(await archived.json()).toMatchObject({ id: article.id, status: 'archived', archiveReason: 'camera drivers fixed' });
    expect(await kb.hits('teams camera')).toEqual([]);
    expect(await (await kb.get(article.id)).json()).toMatchObject({ status: 'archived' });

    const again = await kb.archive(article.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'archived', archiveReason: 'camera drivers fixed' });
  });

  it('publishes a resolution under the caller’s id once: the same text again appends nothing, another text revises it', async () => {
    const commands = subject.app.get(CommandBus);
    const events = await eventCounter(subject);
    try {
      const outputId = randomUUID();
      const source = { kind: 'resolution' as const, sessionId: randomUUID(), outputId };
      const context = () => systemContext({ tenantId: tenant.organizationId, actor: { kind: 'system', id: 'resolutions' } }, new Date());
      const article = { title: 'SharePoint sync stuck', content: 'Reset OneDrive with onedrive.exe /reset.', tags: ['onedrive'], source };
      const first = await commands.execute(new PublishArticleCommand(context(), outputId, article));
      const before = await events.count();
      const again = await commands.execute(new PublishArticleCommand(context(), outputId, article));
      expect(again).toEqual(first);
      expect(first.article).toMatchObject({ id: outputId, title: 'SharePoint sync stuck', source, revisedAt: null });
      expect(await events.count()).toBe(before);
      expect((await kb.hits('onedrive sync'))[0].id).toBe(outputId);
      const revised = await commands.execute(
        new PublishArticleCommand(context(), outputId, { ...article, title: 'SharePoint library sync stuck' }),
      );
      expect(revised.article).toMatchObject({
        id: outputId,
        title: 'SharePoint library sync stuck',
        status: 'published',
        publishedAt: first.article.publishedAt,
      });
      expect(revised.article.revisedAt).not.toBeNull();
      expect(revised.version).toBe(first.version + 1);
      expect((await kb.hits('library sync'))[0].id).toBe(outputId);
      // Another organization cannot publish (or read) under that id.
      const stranger = await createTenant(subject.app, 'Stranger');
      await expect(
        commands.execute(
          new PublishArticleCommand(
            systemContext({ tenantId: stranger.organizationId, actor: { kind: 'system', id: 'x' } }, new Date()),
            outputId,
            article,
          ),
        ),
      ).rejects.toThrow(/not found/);
    } finally {
      await events.close();
    }
  });

  it.each([
    ['an empty query', ''],
    ['a blank query', '   '],
    ['a 10 KB query', 'x'.repeat(10 * 1024)],
  ])('answers 400 problem+json to %s', async (_name, q) => {
    const response = await kb.search(q);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: `${PROBLEMS}validation` });
  });

  it('answers 400 without a query at all, and 404 for an unknown article', async () => {
    const missing = await fetch(`${subject.url}/api/v1/knowledge-base/articles`, {
      headers: { authorization: `Bearer ${tenant.keys.agent}` },
    });
    expect(missing.status).toBe(400);
    const unknown = await kb.get('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: `${PROBLEMS}not-found` });
  });

  it('keeps organizations apart: another organization finds none of these articles', async () => {
    const other = knowledgeBaseClient(subject.url, (await createTenant(subject.app, 'Other')).keys.admin);
    expect(await other.hits('outlook password')).toEqual([]);
    expect((await other.get(published.outlook.id)).status).toBe(404);
  });
});
