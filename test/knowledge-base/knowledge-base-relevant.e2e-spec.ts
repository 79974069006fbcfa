import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import pg from 'pg';
import { PublishArticleCommand, RelevantArticlesQuery } from '../../src/knowledge-base/index.js';
import { systemContext } from '../../src/platform/decider/command-context.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/**
 * RelevantArticlesQuery over a knowledge base where most articles share a word with the prompt: the
 * candidates come from the prompt's selective words (by the column's statistics), so this checks that
 * the article the prompt is about is still the one cited first, above articles that repeat its common
 * words, and that nothing else decides the order than the text and the embedding.
 */
describe('relevant articles for a prompt among thousands of partial matches', () => {
  const FILLERS = 1_500;
  let subject: TestApp;
  let tenant: TestTenant;
  const ids = { kyocera: '', wrongModel: '', repeatsCommonWords: [] as string[] };

  const publish = (article: { title: string; content: string; tags: string[] }, id = randomUUID()) =>
    subject.app
      .get(CommandBus)
      .execute(
        new PublishArticleCommand(
          systemContext({ tenantId: tenant.organizationId, actor: { kind: 'system', id: 'test' } }, new Date()),
          id,
          { ...article, source: { kind: 'hand_written' } },
        ),
      )
      .then(() => id);
  const relevant = (text: string, limit = 3) =>
    subject.app.get(QueryBus).execute(new RelevantArticlesQuery(tenant.organizationId, text, limit));

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    // Every filler says "printer", most "restart" or "offline": words the prompt has too.
    const topics = ['toner', 'scanner', 'copier', 'queue', 'driver', 'cable', 'badge', 'duplex', 'staple', 'envelope'];
    for (let done = 0; done < FILLERS; done += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => {
          const n = done + i;
          const topic = topics[n % topics.length];
          return publish({
            title: `Printer ${topic} note ${n}`,
            content: `The printer ${topic} needs attention. ${n % 2 ? 'Restart the printer.' : 'The printer shows offline.'} Case ${n}.`,
            tags: [topic],
          });
        }),
      );
    }
    // Articles that repeat the prompt's common words: a high rank from words alone, about nothing in particular.
    for (let n = 0; n < 5; n++) {
      ids.repeatsCommonWords.push(
        await publish({
          title: 'Printer offline? Restart the printer',
          content: 'Printer offline. Restart printer. Printer still offline after restart: restart the printer again. Offline printer.',
          tags: ['printer'],
        }),
      );
    }
    ids.wrongModel = await publish({
      title: 'Brother printer jams in the manual feed',
      content: 'A Brother printer that jams in the manual feed slot needs its feed roller cleaned.',
      tags: ['printer'],
    });
    ids.kyocera = await publish({
      title: 'Kyocera printer jams at tray 3 (error C0420)',
      content:
        'A Kyocera printer that jams at tray 3 and shows error C0420 has a worn pickup roller in that tray. Replace the tray 3 ' +
        'pickup roller; a restart only clears the error until the next jam.',
      tags: ['printer', 'kyocera'],
    });
    // What autovacuum would have done by now: the statistics the candidates are chosen by.
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    try {
      await db.query('ANALYZE kb_articles');
      const [stats] = (
        await db.query<{ listed: boolean }>(
          `SELECT 'printer' = ANY (most_common_elems::text::text[]) AS listed FROM pg_stats WHERE tablename = 'kb_articles' AND attname = 'search'`,
        )
      ).rows;
      // The premise of the test: the prompt's common words are known to be common.
      expect(stats.listed).toBe(true);
    } finally {
      await db.end();
    }
  }, 120_000);
  afterAll(() => subject.close());

  it('cites the article the problem is about first, though every other article matches one of its words', async () => {
    const cited = await relevant(
      'Our Kyocera printer keeps jamming at tray 3 and shows error C0420.\nI restarted it twice and it still shows offline.',
    );
    expect(cited[0].id).toBe(ids.kyocera);
    // Then what is closest by words and meaning among the rest: the articles that say "printer offline restart"
    // over and over, or the other printer that jams; never one of the fillers (one mention of each word).
    for (const article of cited.slice(1)) expect([...ids.repeatsCommonWords, ids.wrongModel]).toContain(article.id);
    expect(cited[0].excerpt).toMatch(/Kyocera|tray 3/);
  });

  it('cites by the words that tell articles apart: the same prompt in other words finds the same article', async () => {
    const cited = await relevant('tray 3 jam, error C0420 on the kyocera; restarting the printer did not help, it is offline', 1);
    expect(cited.map((article) => article.id)).toEqual([ids.kyocera]);
  });

  it('still cites articles when every word of the prompt is common', async () => {
    const cited = await relevant('the printer is offline, restart the printer', 3);
    expect(cited).toHaveLength(3);
    // Nothing is about more than "printer offline restart" than the articles that say only that.
    for (const article of cited) expect(ids.repeatsCommonWords).toContain(article.id);
  });

  it('still cites by the common words when the one rare word of the prompt is in no article (a typo, a new error code)', async () => {
    const cited = await relevant('the printer is offline after the qwzxv update, restart the printer', 3);
    expect(cited).toHaveLength(3);
    for (const article of cited) expect(ids.repeatsCommonWords).toContain(article.id);
  });
});
