import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ArchiveArticleCommand } from './archive-article.command.js';
import { ArticleReader } from './article.reader.js';
import { ArticleRepository } from './article.repository.js';
import type { ArticleWritten } from './article.view.js';

@CommandHandler(ArchiveArticleCommand)
export class ArchiveArticleHandler implements ICommandHandler<ArchiveArticleCommand> {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly reader: ArticleReader,
  ) {}

  async execute({ context, articleId, reason }: ArchiveArticleCommand): Promise<ArticleWritten> {
    const { version } = await this.articles.handle(context, articleId, {
      type: 'ArchiveArticle',
      articleId,
      reason,
      by: context.actor,
      now: context.now,
    });
    return { article: await this.reader.article(context.tenantId, articleId), version };
  }
}
