import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ArticleEmbedder } from './article-embedder.js';
import { ArticleReader } from './article.reader.js';
import type { ArticleHit } from './article.view.js';
import { SearchArticlesQuery } from './search-articles.query.js';

@QueryHandler(SearchArticlesQuery)
export class SearchArticlesHandler implements IQueryHandler<SearchArticlesQuery> {
  constructor(
    private readonly reader: ArticleReader,
    private readonly embedder: ArticleEmbedder,
  ) {}

  async execute({ tenantId, text, limit }: SearchArticlesQuery): Promise<ArticleHit[]> {
    return this.reader.search(tenantId, text, () => this.embedder.embed(tenantId, text), 'all', limit);
  }
}
