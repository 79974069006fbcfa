import type { Actor } from '../../platform/event-store/event.types.js';
import type { ArticleSource, ArticleStatus } from '../domain/article.types.js';

export interface ArticleView {
  id: string;
  title: string;
  content: string;
  tags: string[];
  source: ArticleSource;
  status: ArticleStatus;
  publishedBy: Actor;
  publishedAt: string;
  /** Who last replaced the text, and when (a resolution's article pushed again after an edit); null if never. */
  revisedBy: Actor | null;
  revisedAt: string | null;
  archivedBy: Actor | null;
  archivedAt: string | null;
  archiveReason: string | null;
}

/** An article and its stream version (the ETag). */
export interface ArticleWritten {
  article: ArticleView;
  version: number;
}

/** A search result: the article without its content, how it scored, and where the query matched. */
export interface ArticleHit {
  id: string;
  title: string;
  tags: string[];
  source: ArticleSource;
  publishedAt: string;
  /** The combined relevance, 0…1: full-text rank and embedding similarity, equally weighted. */
  score: number;
  /** ts_rank of the full-text match, normalized to 0…1 (rank / (rank + 1)). */
  textRank: number;
  /** Cosine similarity of the article's and the query's embeddings (0 when they came from different models). */
  similarity: number;
  /** Fragments of the content around the matched words, which are wrapped in `<mark>…</mark>`. */
  highlight: string;
}

/** An article as a prompt cites it. */
export interface PromptArticle {
  id: string;
  title: string;
  excerpt: string;
}
