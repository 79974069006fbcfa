import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import type { ArchiveArticle, ArticleCommand, PublishArticle } from './article.commands.js';
import { InvalidArticleError } from './article.errors.js';
import type { ArticleEvent } from './article.events.js';
import { type ArticleState, evolveArticle, initialArticleState } from './article.state.js';
import { ARTICLE_LIMITS } from './article.types.js';

/** Tags compare case-insensitively: stored trimmed, lower-case, once each, in the order given. */
export const normalizedTags = (tags: readonly string[]) => [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];

function publish(command: PublishArticle, state: ArticleState): ArticleEvent[] {
  // Archived on purpose: a later push does not bring it back.
  if (state.status === 'archived') return [];
  const title = command.title.trim();
  const content = command.content.trim();
  const tags = normalizedTags(command.tags);
  if (title.length === 0 || title.length > ARTICLE_LIMITS.title)
    throw new InvalidArticleError(`a title has 1 to ${ARTICLE_LIMITS.title} characters`);
  if (content.length === 0 || content.length > ARTICLE_LIMITS.content)
    throw new InvalidArticleError(`content has 1 to ${ARTICLE_LIMITS.content} characters`);
  if (tags.length > ARTICLE_LIMITS.tags || tags.some((tag) => tag.length > ARTICLE_LIMITS.tag))
    throw new InvalidArticleError(`at most ${ARTICLE_LIMITS.tags} tags of at most ${ARTICLE_LIMITS.tag} characters`);
  if (state.status === 'published') {
    // The same text again is a re-run (a push retried after a crash): nothing to do.
    const same = state.text.title === title && state.text.content === content && state.text.tags.join('\n') === tags.join('\n');
    if (same) return [];
    return [
      {
        type: 'ArticleRevised',
        data: { articleId: command.articleId, title, content, tags, source: command.source, by: command.by, at: command.now },
      },
    ];
  }
  return [
    {
      type: 'ArticlePublished',
      data: {
        articleId: command.articleId,
        organizationId: command.organizationId,
        title,
        content,
        tags,
        source: command.source,
        by: command.by,
        at: command.now,
      },
    },
  ];
}

function archive(command: ArchiveArticle, state: ArticleState): ArticleEvent[] {
  if (state.status === 'none') throw new AggregateNotFoundError('article');
  // Archiving twice is the same as once: the article is out of search either way.
  if (state.status === 'archived') return [];
  return [{ type: 'ArticleArchived', data: { articleId: command.articleId, by: command.by, at: command.now, reason: command.reason } }];
}

export const articleDecider: Decider<ArticleState, ArticleCommand, ArticleEvent> = {
  initialState: initialArticleState,
  evolve: evolveArticle,
  decide(command, state) {
    switch (command.type) {
      case 'PublishArticle':
        return publish(command, state);
      case 'ArchiveArticle':
        return archive(command, state);
    }
  },
};
