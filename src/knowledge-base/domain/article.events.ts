import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { ArticleSource } from './article.types.js';

/** Events of stream `kb_article-<id>`, schema version 1. Every event names its article. */
export type ArticlePublished = DomainEvent<
  'ArticlePublished',
  {
    articleId: string;
    organizationId: string;
    title: string;
    /** Markdown. */
    content: string;
    tags: string[];
    source: ArticleSource;
    by: Actor;
    at: string;
  }
>;

/**
 * A published article's text replaced: a resolution's article edited, approved again and pushed
 * again. Searches and prompts use the new text from then on; the earlier one stays in the stream.
 */
export type ArticleRevised = DomainEvent<
  'ArticleRevised',
  { articleId: string; title: string; content: string; tags: string[]; source: ArticleSource; by: Actor; at: string }
>;

/** The article no longer appears in searches or prompts; it can still be read by id. */
export type ArticleArchived = DomainEvent<'ArticleArchived', { articleId: string; by: Actor; at: string; reason: string | null }>;

export type ArticleEvent = ArticlePublished | ArticleRevised | ArticleArchived;
export const ARTICLE_EVENT_TYPES = [
  'ArticlePublished',
  'ArticleRevised',
  'ArticleArchived',
] as const satisfies readonly ArticleEvent['type'][];
