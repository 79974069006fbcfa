/** The knowledge base's public surface: other modules import only from here. */
export { KnowledgeBaseModule } from './knowledge-base.module.js';
export { PublishArticleCommand } from './application/publish-article.command.js';
export { RelevantArticlesQuery } from './application/relevant-articles.query.js';
export type { ArticleView, ArticleWritten, PromptArticle } from './application/article.view.js';
export type { ArticleSource } from './domain/article.types.js';
export { ARTICLE_EVENT_TYPES, type ArticleArchived, type ArticlePublished, type ArticleEvent } from './domain/article.events.js';
export { articleStreamId } from './domain/article.stream.js';
