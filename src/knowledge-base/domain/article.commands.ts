import type { Actor } from '../../platform/event-store/event.types.js';
import type { ArticleSource } from './article.types.js';

/**
 * Publish under a caller-chosen id. The same text again publishes nothing (idempotent); another text
 * for a published article revises it; an archived article stays archived.
 */
export interface PublishArticle {
  type: 'PublishArticle';
  articleId: string;
  organizationId: string;
  title: string;
  content: string;
  tags: readonly string[];
  source: ArticleSource;
  by: Actor;
  now: string;
}

export interface ArchiveArticle {
  type: 'ArchiveArticle';
  articleId: string;
  reason: string | null;
  by: Actor;
  now: string;
}

export type ArticleCommand = PublishArticle | ArchiveArticle;
