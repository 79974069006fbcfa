import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { KnowledgeBaseController } from './api/knowledge-base.controller.js';
import { ArticleEmbedder } from './application/article-embedder.js';
import { ArticleReader } from './application/article.reader.js';
import { ArticleRepository } from './application/article.repository.js';
import { LexemeFrequencies } from './application/lexeme-frequencies.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { KbArticlesProjection } from './projections/kb-articles.projection.js';

/**
 * The knowledge base: articles written by hand or from approved resolutions, one stream each;
 * searched by full-text rank and embedding similarity together; the most relevant cited by id in
 * branch prompts (through RelevantArticlesQuery).
 */
@Module({
  controllers: [KnowledgeBaseController],
  providers: [ArticleRepository, ArticleReader, LexemeFrequencies, ArticleEmbedder, ...commandHandlers, ...queryHandlers],
})
export class KnowledgeBaseModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new KbArticlesProjection());
  }
}
