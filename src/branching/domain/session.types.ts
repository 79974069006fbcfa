import type { Actor } from '../../platform/event-store/event.types.js';

/**
 * A branch's hypothesis status. `active` means it has been worked on (switched to); which branch the
 * operator works on right now is the session's one `activeBranchId`, so switching away leaves the
 * previous branch's status as it was.
 */
export const BRANCH_STATUSES = ['untried', 'active', 'revived', 'dead_end', 'solved'] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

/**
 * A session is `solved` once one of its branches is; `paused` (parked) or `escalated` while it waits
 * on the team queue after a handoff, `active` again once someone claims it; `resolved` once someone
 * resolves it (its documentation is drafted), `active` again if it is re-opened.
 */
export const SESSION_STATUSES = ['active', 'paused', 'escalated', 'solved', 'resolved'] as const;
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

export const HANDOFF_KINDS = ['park', 'escalate'] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];
export const HANDOFF_PRIORITIES = ['normal', 'elevated'] as const;
export type HandoffPriority = (typeof HANDOFF_PRIORITIES)[number];

/** The session as it stood when it was handed off: what the next person needs to pick it up. */
export interface HandoffSnapshot {
  problem: string;
  domain: string | null;
  status: SessionStatus;
  /** Messages on all branches so far. */
  stepCount: number;
  branches: { branchId: string; label: string; status: BranchStatus; reason: string | null; parentBranchId: string | null }[];
  activeBranch: { branchId: string; label: string; summary: BranchSummary | null } | null;
  attachmentNames: string[];
  /** Seconds since the session started, and of them the seconds it spent waiting on the queue before. */
  elapsedSeconds: number;
  parkedSeconds: number;
}

/** The briefing the claimer gets: built from the snapshot and the notes. */
export interface HandoffBriefing {
  headline: string;
  body: string;
}

/** `snapshot`: the claim's briefing, built from the snapshot; `model`: written by a model after the claim (HandoffBriefingWritten). */
export const BRIEFING_SOURCES = ['snapshot', 'model'] as const;
export type BriefingSource = (typeof BRIEFING_SOURCES)[number];

/** An escalation's AI assessment: generated after the handoff is recorded, as its own event. */
export interface HandoffAssessment {
  likelyCause: string;
  suggestedNextSteps: string[];
  /** 0..1: how sure the assessment is of the likely cause. */
  confidence: number;
  ruledOut: string[];
}

/** `pending` until the assessment (or its last failed try) is recorded; null for a park, which gets none. */
export const ASSESSMENT_STATUSES = ['pending', 'assessed', 'failed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** The three documents a resolution drafts. */
export const OUTPUT_TYPES = ['psa_notes', 'kb_article', 'client_summary'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** A branch as a resolution records it. */
export interface ResolvedBranch {
  branchId: string;
  label: string;
  /** Why it was ruled out, or how it solved the problem. */
  reason: string | null;
  summary: BranchSummary | null;
}

/** What a resolution records of the session, for the documents drafted from it. */
export interface ResolutionRecord {
  problem: string;
  domain: string | null;
  resolution: string;
  rootCause: string | null;
  solvedBranch: ResolvedBranch | null;
  /** Every dead end with why it was ruled out: the article's "Rule out first". */
  deadEnds: ResolvedBranch[];
  /** Branches neither solved nor ruled out. */
  otherBranches: { branchId: string; label: string; status: BranchStatus }[];
  attachmentNames: string[];
  elapsedSeconds: number;
  waitedSeconds: number;
}
