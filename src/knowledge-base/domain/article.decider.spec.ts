import { deciderSpec } from '../../../test/support/decider-spec.js';
import { AggregateNotFoundError } from '../../platform/decider/decider.js';
import type { ArchiveArticle, PublishArticle } from './article.commands.js';
import { articleDecider } from './article.decider.js';
import { InvalidArticleError } from './article.errors.js';
import type { ArticleArchived, ArticlePublished } from './article.events.js';
import { embeddingTextOf, normalized } from './article-text.js';

const by = { kind: 'member' as const, id: 'm1' };
const now = '2026-12-03T10:00:00.000Z';
const publish: PublishArticle = {
  type: 'PublishArticle',
  articleId: 'a1',
  organizationId: 'org1',
  title: '  Outlook keeps asking for a password ',
  content: 'Clear the cached credentials in Credential Manager.',
  tags: ['Outlook', 'outlook ', 'M365'],
  source: { kind: 'hand_written' },
  by,
  now,
};
const published: ArticlePublished = {
  type: 'ArticlePublished',
  data: {
    articleId: 'a1',
    organizationId: 'org1',
    title: 'Outlook keeps asking for a password',
    content: 'Clear the cached credentials in Credential Manager.',
    tags: ['outlook', 'm365'],
    source: { kind: 'hand_written' },
    by,
    at: now,
  },
};
const archive: ArchiveArticle = { type: 'ArchiveArticle', articleId: 'a1', reason: 'superseded', by, now };
const archived: ArticleArchived = { type: 'ArticleArchived', data: { articleId: 'a1', by, at: now, reason: 'superseded' } };

const spec = deciderSpec(articleDecider);

describe('article decider', () => {
  describe('PublishArticle', () => {
    it('publishes a new article with trimmed text and tags lower-cased once each', () => {
      spec.given([]).when(publish).then([published]);
    });
    it('keeps where a resolution article came from', () => {
      const source = { kind: 'resolution' as const, sessionId: 's1', outputId: 'a1' };
      spec
        .given([])
        .when({ ...publish, source })
        .then([{ ...published, data: { ...published.data, source } }]);
    });
    it('publishes nothing for the same text again (a re-run push), however it is spaced or tagged', () => {
      spec.given([published]).when(publish).thenNothingHappened();
      spec
        .given([published])
        .when({ ...publish, title: 'Outlook keeps asking for a password', tags: ['outlook', 'M365'] })
        .thenNothingHappened();
    });
    it('revises a published article given another text, keeping it published', () => {
      const revision = {
        ...publish,
        content: 'Remove the cached credentials, then sign in again.',
        by: { kind: 'member' as const, id: 'm2' },
      };
      const revised = {
        type: 'ArticleRevised' as const,
        data: {
          articleId: 'a1',
          title: 'Outlook keeps asking for a password',
          content: 'Remove the cached credentials, then sign in again.',
          tags: ['outlook', 'm365'],
          source: { kind: 'hand_written' as const },
          by: revision.by,
          at: now,
        },
      };
      spec.given([published]).when(revision).then([revised]);
      spec.given([published, revised]).when(revision).thenNothingHappened();
      spec
        .given([published, revised])
        .when(publish)
        .thenState((state) => expect(state).toMatchObject({ status: 'published', text: { content: publish.content } }));
    });
    it('refuses a revision the rules refuse, as a publish', () => {
      spec
        .given([published])
        .when({ ...publish, content: ' ' })
        .thenThrows(InvalidArticleError, /content/);
    });
    it('leaves an archived article archived whatever is pushed again', () => {
      spec
        .given([published, archived])
        .when({ ...publish, title: 'Another' })
        .thenNothingHappened();
    });
    it('refuses an empty title or content and too many tags', () => {
      spec
        .given([])
        .when({ ...publish, title: '   ' })
        .thenThrows(InvalidArticleError, /title/);
      spec
        .given([])
        .when({ ...publish, content: '' })
        .thenThrows(InvalidArticleError, /content/);
      spec
        .given([])
        .when({ ...publish, title: 'x'.repeat(201) })
        .thenThrows(InvalidArticleError, /title/);
      spec
        .given([])
        .when({ ...publish, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })
        .thenThrows(InvalidArticleError, /tags/);
    });
  });

  describe('ArchiveArticle', () => {
    it('archives a published article', () => {
      spec.given([published]).when(archive).then([archived]);
    });
    it('archives nothing twice', () => {
      spec.given([published, archived]).when(archive).thenNothingHappened();
    });
    it('refuses an article that does not exist', () => {
      spec.given([]).when(archive).thenThrows(AggregateNotFoundError);
    });
    it('leaves the article archived', () => {
      spec
        .given([published])
        .when(archive)
        .thenState((state) => expect(state).toMatchObject({ status: 'archived', articleId: 'a1', organizationId: 'org1' }));
    });
  });

  describe('article text', () => {
    it('embeds the title, the tags and the start of the content', () => {
      expect(embeddingTextOf({ title: 'T', tags: ['a', 'b'], content: 'x'.repeat(5000) })).toBe(`T\na, b\n${'x'.repeat(4000)}`);
    });
    it('normalizes vectors to unit length and leaves the zero vector alone', () => {
      expect(normalized([3, 4])).toEqual([0.6, 0.8]);
      expect(normalized([0, 0])).toEqual([0, 0]);
    });
  });
});
