import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  AssessmentStatus,
  BriefingSource,
  HandoffAssessment,
  HandoffBriefing,
  HandoffKind,
  HandoffPriority,
  HandoffSnapshot,
} from '../../branching/index.js';
import type { Participant } from '../../conversations/index.js';

export const QUEUE_ITEM_KINDS = ['park', 'escalate', 'question'] as const;
export type QueueItemKind = HandoffKind | 'question';

/** A raised question: what its item shows besides the common fields. */
export interface QueuedQuestionView {
  conversationId: string;
  text: string;
  questionType: string;
  asker: Participant;
  /** Why the escalation chain ran out. */
  reason: 'timeout' | 'cant_help' | 'no_responders';
  answeredAt: string | null;
}

/**
 * An item of the team queue: a session's handoff (`park`, `escalate`) or a question whose escalation
 * chain ran out (`question`). The handoff fields (and the assessment) are null for a question, `question` is null for a
 * handoff; `handedOffAt` is when the item went onto the queue.
 */
export interface QueueItemView {
  id: string;
  kind: QueueItemKind;
  priority: HandoffPriority;
  squadId: string | null;
  status: 'waiting' | 'claimed' | 'answered';
  handedOffAt: string;
  claimedBy: Actor | null;
  claimedAt: string | null;
  briefing: HandoffBriefing | null;
  /** As on the handoff; null for a question (its briefing is built from the question). */
  briefingSource: BriefingSource | null;
  sessionId: string | null;
  notes: string | null;
  snapshot: HandoffSnapshot | null;
  handedOffBy: Actor | null;
  /** An escalation's AI assessment (null until it arrives, and for parks and questions). */
  assessment: HandoffAssessment | null;
  assessmentStatus: AssessmentStatus | null;
  question: QueuedQuestionView | null;
}

/** What a claim or release answers: the item and its stream's version (the ETag). */
export interface QueueItemWritten {
  item: QueueItemView;
  version: number;
}
