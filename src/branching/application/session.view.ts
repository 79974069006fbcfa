import type { Actor } from '../../platform/event-store/event.types.js';
import type { AttachedFile, BranchStatus, BranchSummary, ForkPosition, SessionStatus } from '../domain/session.types.js';

export interface BranchView {
  id: string;
  parentBranchId: string | null;
  /** The branches forked from this one. */
  childBranchIds: string[];
  forkId: string | null;
  forkReason: string | null;
  /** Where its inherited history ends (null for the root). */
  forkPosition: ForkPosition | null;
  label: string;
  description: string;
  order: number;
  status: BranchStatus;
  /** True for the one branch the session works on now. */
  active: boolean;
  statusReason: string | null;
  statusChangedAt: string | null;
  statusChangedBy: Actor | null;
  revival: { evidenceFromBranchId: string; evidence: string } | null;
  summary: BranchSummary | null;
  /** Its own messages (the inherited ones are its ancestors'). */
  messageCount: number;
  createdAt: string;
}

export interface SessionView {
  id: string;
  status: SessionStatus;
  problem: string;
  domain: string | null;
  title: string | null;
  squadId: string | null;
  rootBranchId: string;
  activeBranchId: string | null;
  branches: BranchView[];
  /** Files attached to its branches, oldest first. */
  attachments: AttachmentOnBranchView[];
  tokenUsage: { inputTokens: number; outputTokens: number };
  timeActiveSeconds: number;
  timeParkedSeconds: number;
  startedAt: string;
  version: number;
}

/** A file attached to a branch: what it is and what the intake made of it (the bytes are not served back). */
export interface AttachmentOnBranchView extends AttachedFile {
  id: string;
  branchId: string;
  addedBy: Actor;
  addedAt: string;
}

/** What an upload answers: the attachment and the session's version after it (the ETag). */
export interface AttachmentWritten {
  attachment: AttachmentOnBranchView;
  version: number;
}

export interface SessionSummary {
  id: string;
  status: SessionStatus;
  problem: string;
  title: string | null;
  squadId: string | null;
  activeBranchId: string | null;
  branchCount: number;
  startedAt: string;
}

export interface BranchMessageView {
  id: string;
  /** The branch the message belongs to: this branch, or the ancestor it was inherited from. */
  branchId: string;
  inherited: boolean;
  role: 'user' | 'assistant' | 'system';
  text: string;
  replyTo: string | null;
  attachmentIds: string[];
  position: number;
  createdAt: string;
}

/** What a write answers: the session as it is now, and its version (the ETag). */
export interface SessionWritten {
  session: SessionView;
  version: number;
}

/** A message and the assistant's reply to it. */
export interface BranchExchange {
  message: BranchMessageView;
  reply: BranchMessageView;
}
