import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { PublishArticle } from '../domain/article.commands.js';
import { articleDecider } from '../domain/article.decider.js';
import { embeddedTextHash, embeddingTextOf } from '../domain/article-text.js';
import { ArticleEmbedder } from './article-embedder.js';
import { embeddingBytes } from '../../platform/llm/index.js';
import { ArticleReader } from './article.reader.js';
import { ArticleRepository } from './article.repository.js';
import type { ArticleWritten } from './article.view.js';
import { PublishArticleCommand } from './publish-article.command.js';

/**
 * Decides on the stream as it is; a new article or a revision is embedded before the append (a model
 * call never holds the append's transaction) and its vector stored by text hash, where the inline
 * projection picks it up. Publishing the same text again answers the article as it is.
 */
@CommandHandler(PublishArticleCommand)
export class PublishArticleHandler implements ICommandHandler<PublishArticleCommand> {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly reader: ArticleReader,
    private readonly embedder: ArticleEmbedder,
    private readonly db: Database,
  ) {}

  async execute({ context, articleId, article }: PublishArticleCommand): Promise<ArticleWritten> {
    const loaded = await this.articles.load(articleId);
    if (loaded.state.status !== 'none' && loaded.state.organizationId !== context.tenantId) throw new NotFoundError('article', articleId);
    const command: PublishArticle = {
      type: 'PublishArticle',
      articleId,
      organizationId: context.tenantId,
      ...article,
      by: context.actor,
      now: context.now,
    };
    // Decided once up front so an invalid article costs no model call; the append decides again.
    const [published] = articleDecider.decide(command, loaded.state);
    if (!published) return { article: await this.reader.article(context.tenantId, articleId), version: loaded.version };
    if (published.type === 'ArticlePublished' || published.type === 'ArticleRevised') {
      const embedding = await this.embedder.embed(context.tenantId, embeddingTextOf(published.data));
      await this.db.query(
        `INSERT INTO kb_article_embeddings (article_id, text_sha256, model, vector) VALUES ($1, $2, $3, $4)
         ON CONFLICT (article_id, text_sha256) DO UPDATE SET model = EXCLUDED.model, vector = EXCLUDED.vector`,
        [articleId, embeddedTextHash(published.data), embedding.model, embeddingBytes(embedding.vector)],
      );
    }
    const { version } = await this.articles.handle(context, articleId, command, loaded);
    return { article: await this.reader.article(context.tenantId, articleId), version };
  }
}
