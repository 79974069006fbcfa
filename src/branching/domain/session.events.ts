import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  AttachedFile,
  BranchSummary,
  ForkPosition,
  HandoffAssessment,
  HandoffBriefing,
  HandoffKind,
  HandoffPriority,
  HandoffSnapshot,
  OutputType,
  ResolutionRecord,
} from './session.types.js';

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

/** Parked (the session pauses) or escalated, with a snapshot; it waits on the team queue until claimed. */
export type SessionHandedOff = DomainEvent<
  'SessionHandedOff',
  Base & {
    handoffId: string;
    kind: HandoffKind;
    notes: string;
    priority: HandoffPriority;
    snapshot: HandoffSnapshot;
    by: Actor;
    at: string;
  }
>;

/** Someone took the handoff: the session is active again, under them. */
export type HandoffClaimed = DomainEvent<'HandoffClaimed', Base & { handoffId: string; briefing: HandoffBriefing; by: Actor; at: string }>;

/** The claimer put it back: the session waits on the queue again, as it was handed off. */
export type HandoffReleased = DomainEvent<'HandoffReleased', Base & { handoffId: string; kind: HandoffKind; by: Actor; at: string }>;

/**
 * An escalation's AI assessment arrived (after the handoff, never delaying it). `model` is
 * `<provider>/<model>` or `offline`; `attempts` the tries it took. The session's status and times stay.
 */
export type HandoffAssessed = DomainEvent<
  'HandoffAssessed',
  Base & { handoffId: string; assessment: HandoffAssessment; model: string; attempts: number; at: string }
>;

/** The last try of an escalation's assessment failed: the handoff is unaffected, it simply has none. */
export type HandoffAssessmentFailed = DomainEvent<
  'HandoffAssessmentFailed',
  Base & { handoffId: string; reason: string; attempts: number; at: string }
>;

/**
 * Someone resolved the session: it takes no more work, and one document of each type is drafted from
 * `record` (the drafts live on their own streams, `resolution_output-<outputId>`).
 */
export type SessionResolved = DomainEvent<
  'SessionResolved',
  Base & {
    resolutionId: string;
    record: ResolutionRecord;
    outputs: { outputId: string; type: OutputType }[];
    by: Actor;
    at: string;
  }
>;

/** Re-opened after a resolution: active again; resolving again drafts new documents that replace these. */
export type SessionReopened = DomainEvent<'SessionReopened', Base & { resolutionId: string; reason: string | null; by: Actor; at: string }>;

/**
 * A model wrote the briefing of claim `claimedAt` (after the claim, never delaying it); it replaces
 * the one built from the snapshot. `model` is `<provider>/<model>`. Status and times stay.
 */
export type HandoffBriefingWritten = DomainEvent<
  'HandoffBriefingWritten',
  Base & { handoffId: string; briefing: HandoffBriefing; model: string; claimedAt: string; at: string }
>;

export type SessionEvent =
  | SessionStarted
  | BranchesForked
  | BranchSwitched
  | BranchMarkedDeadEnd
  | BranchMarkedSolved
  | BranchRevived
  | BranchSummaryUpdated
  | AttachmentAdded
  | SessionHandedOff
  | HandoffClaimed
  | HandoffReleased
  | SessionResolved
  | SessionReopened
  | HandoffAssessed
  | HandoffAssessmentFailed
  | HandoffBriefingWritten;

export const sessionEventTypes = [
  'SessionStarted',
  'BranchesForked',
  'BranchSwitched',
  'BranchMarkedDeadEnd',
  'BranchMarkedSolved',
  'BranchRevived',
  'BranchSummaryUpdated',
  'AttachmentAdded',
  'SessionHandedOff',
  'HandoffClaimed',
  'HandoffReleased',
  'SessionResolved',
  'SessionReopened',
  'HandoffAssessed',
  'HandoffAssessmentFailed',
  'HandoffBriefingWritten',
] as const satisfies readonly SessionEvent['type'][];
