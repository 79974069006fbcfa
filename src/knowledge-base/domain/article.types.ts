/** Where an article came from: written by hand, or an approved resolution of a session's output. */
export type ArticleSource = { kind: 'hand_written' } | { kind: 'resolution'; sessionId: string; outputId: string };

export const ARTICLE_SOURCE_KINDS = ['hand_written', 'resolution'] as const;
export type ArticleSourceKind = (typeof ARTICLE_SOURCE_KINDS)[number];

export const ARTICLE_STATUSES = ['published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Sizes an article and a search may have; the API validates them, the decider enforces them for every caller. */
export const ARTICLE_LIMITS = {
  title: 200,
  content: 50_000,
  tags: 20,
  tag: 50,
  reason: 1_000,
  /** A search text longer than this is refused (400): a query, not a document. */
  query: 1_000,
} as const;
