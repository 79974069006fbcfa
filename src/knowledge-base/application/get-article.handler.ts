import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ArticleReader } from './article.reader.js';
import type { ArticleView } from './article.view.js';
import { GetArticleQuery } from './get-article.query.js';

@QueryHandler(GetArticleQuery)
export class GetArticleHandler implements IQueryHandler<GetArticleQuery> {
  constructor(private readonly reader: ArticleReader) {}

  execute(query: GetArticleQuery): Promise<ArticleView> {
    return this.reader.article(query.tenantId, query.articleId);
  }
}
