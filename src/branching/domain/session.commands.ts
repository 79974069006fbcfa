import type { Actor } from '../../platform/event-store/event.types.js';
import type { AttachedFile, BranchLimit, BranchSummary, ForkPosition, HypothesisOption } from './session.types.js';

/** Commands carry their time (`now`), their actor and every id they create; the decider reads no clock. */
export interface StartSession {
  type: 'StartSession';
  sessionId: string;
  organizationId: string;
  squadId: string | null;
  problem: string;
  domain: string | null;
  title: string | null;
  rootBranchId: string;
  by: Actor;
  now: string;
}

export interface ForkBranch {
  type: 'ForkBranch';
  forkId: string;
  fromBranchId: string;
  /** The last message the new branches inherit, as the handler found it in the branch's history. */
  at: ForkPosition;
  reason: string;
  options: HypothesisOption[];
  /** One new id per option, in order. */
  branchIds: string[];
  activateFirst: boolean;
  limit: BranchLimit;
  by: Actor;
  now: string;
}

export interface SwitchBranch {
  type: 'SwitchBranch';
  branchId: string;
  by: Actor;
  now: string;
}

export interface MarkDeadEnd {
  type: 'MarkDeadEnd';
  branchId: string;
  reason: string;
  by: Actor;
  now: string;
}

export interface MarkSolved {
  type: 'MarkSolved';
  branchId: string;
  reason: string;
  by: Actor;
  now: string;
}

export interface ReviveBranch {
  type: 'ReviveBranch';
  branchId: string;
  evidenceFromBranchId: string;
  evidence: string;
  noteMessageId: string;
  by: Actor;
  now: string;
}

/** From the summary step: stale (not newer than the summary it has) it changes nothing. */
export interface UpdateBranchSummary {
  type: 'UpdateBranchSummary';
  branchId: string;
  summary: BranchSummary;
  throughPosition: number;
  now: string;
}

/** A file the intake has read and stored, attached to a branch under a new id. */
export interface AddAttachment {
  type: 'AddAttachment';
  attachmentId: string;
  branchId: string;
  file: AttachedFile;
  by: Actor;
  now: string;
}

export type SessionCommand =
  StartSession | ForkBranch | SwitchBranch | MarkDeadEnd | MarkSolved | ReviveBranch | UpdateBranchSummary | AddAttachment;

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
