import { Query } from '@nestjs/cqrs';
import type { ArticleHit } from './article.view.js';

/** Published articles ranked by full-text relevance and embedding similarity, with highlights. */
export class SearchArticlesQuery extends Query<ArticleHit[]> {
  constructor(
    readonly tenantId: string,
    readonly text: string,
    readonly limit: number,
  ) {
    super();
  }
}
