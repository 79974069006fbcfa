import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { ArticleWritten } from './article.view.js';

/** Takes an article out of searches and prompts; archiving an archived article changes nothing. */
export class ArchiveArticleCommand extends Command<ArticleWritten> {
  constructor(
    readonly context: CommandContext,
    readonly articleId: string,
    readonly reason: string | null,
  ) {
    super();
  }
}
