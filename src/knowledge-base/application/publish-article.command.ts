import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ArticleSource } from '../domain/article.types.js';
import type { ArticleWritten } from './article.view.js';

/**
 * Publishes an article under the caller's `articleId`. Idempotent: an id that is already an article
 * of the organization returns that article as it is and appends nothing (so the resolutions module
 * can push an approved draft again under the output's id).
 */
export class PublishArticleCommand extends Command<ArticleWritten> {
  constructor(
    readonly context: CommandContext,
    readonly articleId: string,
    readonly article: { title: string; content: string; tags: readonly string[]; source: ArticleSource },
  ) {
    super();
  }
}
