import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type { AttachedFile, BranchSummary, ForkPosition } from './session.types.js';

/** Events of stream `branching_session-<id>`, schema version 1. Every event names its session. */
interface Base {
  sessionId: string;
}

export type SessionStarted = DomainEvent<
  'SessionStarted',
  Base & {
    organizationId: string;
    squadId: string | null;
    problem: string;
    domain: string | null;
    title: string | null;
    rootBranchId: string;
    startedBy: Actor;
    startedAt: string;
  }
>;

export interface ForkedBranch {
  branchId: string;
  label: string;
  description: string;
  /** 1-based order within the fork point. */
  order: number;
}

/**
 * A fork point: one new branch per option, each inheriting the history at `at` by reference (nothing
 * is copied). `activatedBranchId` is the branch that became the session's active one, if any.
 */
export type BranchesForked = DomainEvent<
  'BranchesForked',
  Base & {
    forkId: string;
    fromBranchId: string;
    at: ForkPosition;
    reason: string;
    branches: ForkedBranch[];
    activatedBranchId: string | null;
    forkedBy: Actor;
    forkedAt: string;
  }
>;

/** The session's active branch moved; an untried branch becomes `active`, any other keeps its status. */
export type BranchSwitched = DomainEvent<
  'BranchSwitched',
  Base & { branchId: string; previousBranchId: string | null; activated: boolean; switchedBy: Actor; switchedAt: string }
>;

export type BranchMarkedDeadEnd = DomainEvent<'BranchMarkedDeadEnd', Base & { branchId: string; reason: string; by: Actor; at: string }>;

export type BranchMarkedSolved = DomainEvent<'BranchMarkedSolved', Base & { branchId: string; reason: string; by: Actor; at: string }>;

/** A dead end is active again because of evidence found on another branch; `note` is the system message added to its history. */
export type BranchRevived = DomainEvent<
  'BranchRevived',
  Base & {
    branchId: string;
    evidenceFromBranchId: string;
    evidence: string;
    note: { messageId: string; text: string };
    previousBranchId: string | null;
    by: Actor;
    at: string;
  }
>;

/** The branch's summary after its messages up to `throughPosition`. */
export type BranchSummaryUpdated = DomainEvent<
  'BranchSummaryUpdated',
  Base & { branchId: string; summary: BranchSummary; throughPosition: number; updatedAt: string }
>;

/**
 * A file was attached to a branch. The bytes and their extracted text live in `attachment_contents`
 * (by sha256, per organization); the event carries what the session shows and what a prompt fetches.
 */
export type AttachmentAdded = DomainEvent<
  'AttachmentAdded',
  Base & AttachedFile & { attachmentId: string; branchId: string; addedBy: Actor; addedAt: string }
>;

export type SessionEvent =
  | SessionStarted
  | BranchesForked
  | BranchSwitched
  | BranchMarkedDeadEnd
  | BranchMarkedSolved
  | BranchRevived
  | BranchSummaryUpdated
  | AttachmentAdded;

export const sessionEventTypes = [
  'SessionStarted',
  'BranchesForked',
  'BranchSwitched',
  'BranchMarkedDeadEnd',
  'BranchMarkedSolved',
  'BranchRevived',
  'BranchSummaryUpdated',
  'AttachmentAdded',
] as const satisfies readonly SessionEvent['type'][];
