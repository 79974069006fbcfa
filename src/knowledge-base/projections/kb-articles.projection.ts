import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import { embeddedTextHash } from '../domain/article-text.js';
import { ARTICLE_EVENT_TYPES, type ArticleEvent } from '../domain/article.events.js';

/**
 * One row per article, inline so a publish's answer and the next search read their own writes. The
 * embedding comes from `kb_article_embeddings` (written before the append), so a rebuild needs no
 * model. Rows move only to a newer event of their stream (`version <`): replays change nothing.
 */
export class KbArticlesProjection extends PerEventProjection<ArticleEvent> {
  readonly name = 'kb_articles';
  readonly mode = 'inline';
  readonly eventTypes = ARTICLE_EVENT_TYPES;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM kb_articles');
  }

  protected async applyEvent(event: Recorded<ArticleEvent>, tx: Sql): Promise<void> {
    switch (event.type) {
      case 'ArticlePublished': {
        const a = event.data;
        await tx.query(
          `INSERT INTO kb_articles (id, tenant_id, title, content, tags, tags_text, source, status, published_by, published_at,
                                   embedding_model, embedding, version)
           SELECT $1, $2, $3, $4, $5, $6, $7, 'published', $8, $9, e.model, e.vector, $10
             FROM (SELECT 1) one LEFT JOIN kb_article_embeddings e ON e.article_id = $1 AND e.text_sha256 = $11
           ON CONFLICT (id) DO NOTHING`,
          [
            a.articleId,
            a.organizationId,
            a.title,
            a.content,
            a.tags,
            a.tags.join(' '),
            a.source,
            a.by,
            a.at,
            event.version,
            embeddedTextHash(a),
          ],
        );
        return;
      }
      case 'ArticleRevised': {
        const a = event.data;
        await tx.query(
          `UPDATE kb_articles k SET title = $2, content = $3, tags = $4, tags_text = $5, source = $6, revised_by = $7, revised_at = $8,
                  embedding_model = e.model, embedding = e.vector, version = $9
             FROM (SELECT 1) one LEFT JOIN kb_article_embeddings e ON e.article_id = $1 AND e.text_sha256 = $10
            WHERE k.id = $1 AND k.version < $9`,
          [a.articleId, a.title, a.content, a.tags, a.tags.join(' '), a.source, a.by, a.at, event.version, embeddedTextHash(a)],
        );
        return;
      }
      case 'ArticleArchived': {
        const a = event.data;
        await tx.query(
          `UPDATE kb_articles SET status = 'archived', archived_by = $2, archived_at = $3, archive_reason = $4, version = $5
            WHERE id = $1 AND version < $5`,
          [a.articleId, a.by, a.at, a.reason, event.version],
        );
        return;
      }
    }
  }
}
