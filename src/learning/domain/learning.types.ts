/** What a pattern usage came to: the pattern was followed, deliberately deviated from, or followed and failed. */
export const PATTERN_OUTCOMES = ['followed', 'deviated', 'failed'] as const;
export type PatternOutcome = (typeof PATTERN_OUTCOMES)[number];

/** The kinds of learning record, each in streams of its own. */
export const LEARNING_KINDS = [
  'failure',
  'estimate',
  'retrospective',
  'spike',
  'complexity_snapshot',
  'pattern_usage',
  'docs',
  'decision',
] as const;
export type LearningKind = (typeof LEARNING_KINDS)[number];

/** Sizes the API validates and the deciders enforce for every caller (pipelines included). */
export const LEARNING_LIMITS = {
  /** A feature, an approach, a file path, a library or version, a pattern name, a phase. */
  short: 500,
  /** Why it failed, the lesson, surprises, notes, a decision's reasoning. */
  text: 10_000,
  /** A cached documentation page. */
  content: 200_000,
  newPatterns: 50,
  /** A similarity query (`/failures/similar?q=`): a description, not a document. */
  query: 2_000,
  /** Sessions, files and minutes beyond this are typing errors. */
  count: 100_000,
} as const;

export const COMPLEXITY_RANGE = { min: 1, max: 10 } as const;
export const PERCENT_RANGE = { min: 0, max: 100 } as const;
/** The default lifetime of a documentation cache entry when no `expiresAt` is given. */
export const DOCS_TTL_DAYS = 7;

export interface ComplexityMetrics {
  lines: number;
  functions: number;
  dependencies: number;
  complexityScore: number;
}
