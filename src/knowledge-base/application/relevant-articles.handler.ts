import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ArticleEmbedder } from './article-embedder.js';
import { ArticleReader } from './article.reader.js';
import type { PromptArticle } from './article.view.js';
import { RelevantArticlesQuery } from './relevant-articles.query.js';

/** A prompt's text can be long; its start says what it is about and keeps the query cheap. */
const RELEVANCE_TEXT_CHARS = 2_000;
const MARK = /<\/?mark>/g;

@QueryHandler(RelevantArticlesQuery)
export class RelevantArticlesHandler implements IQueryHandler<RelevantArticlesQuery> {
  constructor(
    private readonly reader: ArticleReader,
    private readonly embedder: ArticleEmbedder,
  ) {}

  async execute({ tenantId, text, limit }: RelevantArticlesQuery): Promise<PromptArticle[]> {
    const bounded = text.slice(0, RELEVANCE_TEXT_CHARS).trim();
    if (bounded.length === 0) return [];
    const hits = await this.reader.search(tenantId, bounded, () => this.embedder.embed(tenantId, bounded), 'any', limit);
    return hits.map((hit) => ({ id: hit.id, title: hit.title, excerpt: hit.highlight.replace(MARK, '').replace(/\s+/g, ' ').trim() }));
  }
}
