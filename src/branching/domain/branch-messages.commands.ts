import type { Actor } from '../../platform/event-store/event.types.js';
import type { BranchStatus } from './session.types.js';

/** `branchStatus` is the branch's status in its session as the handler read it. */
export interface PostMessage {
  type: 'PostMessage';
  sessionId: string;
  branchId: string;
  branchStatus: BranchStatus;
  messageId: string;
  text: string;
  attachmentIds: string[];
  by: Actor;
  now: string;
}

export interface GiveReply {
  type: 'GiveReply';
  replyTo: string;
  messageId: string;
  text: string;
  provider: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  now: string;
}

export type BranchMessageCommand = PostMessage | GiveReply;
