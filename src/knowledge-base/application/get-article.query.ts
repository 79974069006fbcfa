import { Query } from '@nestjs/cqrs';
import type { ArticleView } from './article.view.js';

export class GetArticleQuery extends Query<ArticleView> {
  constructor(
    readonly tenantId: string,
    readonly articleId: string,
  ) {
    super();
  }
}
