import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { readFolded, type FoldedStream } from '../../platform/decider/folded-stream.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { ArticleCommand } from '../domain/article.commands.js';
import { articleDecider } from '../domain/article.decider.js';
import type { ArticleEvent } from '../domain/article.events.js';
import type { ArticleState } from '../domain/article.state.js';
import { articleStreamId } from '../domain/article.stream.js';

/** Loads and changes articles; another organization's article does not exist. */
@Injectable()
export class ArticleRepository {
  constructor(private readonly store: EventStore) {}

  load(articleId: string): Promise<FoldedStream<ArticleState>> {
    return readFolded<ArticleState, ArticleEvent>(this.store, articleStreamId(articleId), articleDecider);
  }

  /** Load → fold → decide → append, decided first on `loaded` when the caller has just read the stream. */
  async handle(context: CommandContext, articleId: string, command: ArticleCommand, loaded?: FoldedStream<ArticleState>) {
    const decider = withinTenant(articleDecider, context.tenantId, 'article', articleId);
    return handleCommand<ArticleState, ArticleCommand, ArticleEvent>(this.store, articleStreamId(articleId), decider, command, {
      metadata: metadataOf(correlatedBy(context, articleId)),
      snapshot: loaded,
      loaded: loaded ? [] : undefined,
      retries: 3,
    });
  }
}
