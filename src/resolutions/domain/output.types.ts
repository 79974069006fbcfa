export const OUTPUT_STATUSES = ['generating', 'draft', 'approved', 'rejected', 'pushed', 'failed'] as const;
export type OutputStatus = (typeof OUTPUT_STATUSES)[number];

export const PUSH_TARGETS = ['psa', 'knowledge_base', 'email', 'clipboard'] as const;
export type PushTarget = (typeof PUSH_TARGETS)[number];

/** The request id of a resolution's first drafting; a regeneration brings its own. */
export const FIRST_REQUEST = 'initial';
