import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base. `kb_articles` is the inline projection of `kb_article-<id>` streams: a generated
 * tsvector (title A, tags B, content C) behind a GIN index of published articles only, and the
 * article's embedding as a unit vector of little-endian float32 in a bytea (no pgvector on Postgres
 * 15): the search takes full-text candidates from the index and reranks them by the dot product
 * with the query's embedding in Node (a dot product over float4[] in SQL, unnest per row, cost
 * ~40 µs a candidate; decoding the bytes in Node costs a few).
 * No index on the tenant: the search filters the index's matches by tenant, and a tenant index
 * would tempt the planner (with stale statistics) to read every article of the tenant instead.
 * `kb_article_embeddings` holds the vectors the publish handler computed before appending (a model
 * call never runs in the append's transaction), keyed by article and the hash of the embedded text
 * (two racing publishes of one id cannot swap vectors); it is not a projection, so a rebuild of
 * `kb_articles` finds the vectors there instead of calling a model again.
 */
export class KnowledgeBase1763910000000 implements MigrationInterface {
  name = 'KnowledgeBase1763910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kb_article_embeddings (
        article_id  text        NOT NULL,
        text_sha256 text        NOT NULL,
        model       text        NOT NULL,
        vector      bytea       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, text_sha256)
      )`);
    await db.query(`
      CREATE TABLE kb_articles (
        id               text        PRIMARY KEY,
        tenant_id        text        NOT NULL,
        title            text        NOT NULL,
        content          text        NOT NULL,
        tags             text[]      NOT NULL,
        tags_text        text        NOT NULL,
        source           jsonb       NOT NULL,
        status           text        NOT NULL CHECK (status IN ('published', 'archived')),
        published_by     jsonb       NOT NULL,
        published_at     timestamptz NOT NULL,
        archived_by      jsonb,
        archived_at      timestamptz,
        archive_reason   text,
        embedding_model  text,
        embedding        bytea,
        version          integer     NOT NULL,
        search           tsvector    GENERATED ALWAYS AS (
                           setweight(to_tsvector('english', title), 'A') ||
                           setweight(to_tsvector('english', tags_text), 'B') ||
                           setweight(to_tsvector('english', content), 'C')
                         ) STORED
      )`);
    await db.query(`CREATE INDEX kb_articles_search ON kb_articles USING gin (search) WHERE status = 'published'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kb_articles`);
    await db.query(`DROP TABLE kb_article_embeddings`);
  }
}
