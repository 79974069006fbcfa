import type { Actor } from '../../platform/event-store/event.types.js';

/**
 * A branch's hypothesis status. `active` means it has been worked on (switched to); which branch the
 * operator works on right now is the session's one `activeBranchId`, so switching away leaves the
 * previous branch's status as it was.
 */
export const BRANCH_STATUSES = ['untried', 'active', 'revived', 'dead_end', 'solved'] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

/** A session is `solved` once one of its branches is. */
export const SESSION_STATUSES = ['active', 'solved'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Where a branch's inherited history ends: the messages of `branchId` (and its own lineage) up to `position`. */
export interface ForkPosition {
  branchId: string;
  /** The global event position of the last inherited message; 0 when nothing is inherited. */
  position: number;
}

export interface HypothesisOption {
  label: string;
  description: string;
}

/** What a branch has learned so far, kept up to date by a structured call after each exchange. */
export interface BranchSummary {
  tried: string[];
  concluded: string;
  artifacts: string[];
}

/** Who changed a branch's status, when and why. */
export interface StatusChange {
  reason: string;
  by: Actor;
  at: string;
}

/** The plan limit of branches per fork point; null: unlimited. */
export type BranchLimit = { plan: string; limit: number | null };

/** What a session knows of a file attached to one of its branches (the intake keeps the bytes and text). */
export interface AttachedFile {
  sha256: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  kind: 'text' | 'pdf' | 'image';
  /** The model's summary of a long text, or an image's description; null when none was needed or possible. */
  summary: string | null;
  /** True when a prompt carries a summary and an excerpt instead of the whole text. */
  truncated: boolean;
}
