import type { ArticleEvent } from './article.events.js';
import type { ArticleStatus } from './article.types.js';

/** The text in force, to tell a re-push of the same article (nothing to do) from a revision. */
export interface ArticleText {
  title: string;
  content: string;
  tags: string[];
}

export type ArticleState = { status: 'none' } | { status: ArticleStatus; articleId: string; organizationId: string; text: ArticleText };

export const initialArticleState = (): ArticleState => ({ status: 'none' });

export function evolveArticle(state: ArticleState, event: ArticleEvent): ArticleState {
  switch (event.type) {
    case 'ArticlePublished':
      return {
        status: 'published',
        articleId: event.data.articleId,
        organizationId: event.data.organizationId,
        text: { title: event.data.title, content: event.data.content, tags: event.data.tags },
      };
    case 'ArticleRevised':
      return state.status === 'none'
        ? state
        : { ...state, text: { title: event.data.title, content: event.data.content, tags: event.data.tags } };
    case 'ArticleArchived':
      return state.status === 'none' ? state : { ...state, status: 'archived' };
  }
}
