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

/** A handoff as the queue and the session's history show it. Its id is the queue item's id. */
export interface HandoffView {
  id: string;
  sessionId: string;
  squadId: string | null;
  kind: HandoffKind;
  priority: HandoffPriority;
  notes: string;
  snapshot: HandoffSnapshot;
  handedOffBy: Actor;
  handedOffAt: string;
  status: 'waiting' | 'claimed';
  claimedBy: Actor | null;
  claimedAt: string | null;
  /** What the claimer was told; null until claimed. */
  briefing: HandoffBriefing | null;
  /** `snapshot` from the claim, `model` once a model wrote the briefing (HandoffBriefingWritten); null until claimed. */
  briefingSource: BriefingSource | null;
  /** An escalation's AI assessment once it arrived (after the handoff, as its own event). */
  assessment: HandoffAssessment | null;
  /** `pending` until it arrives, `failed` after its last try; null for a park. */
  assessmentStatus: AssessmentStatus | null;
}

/** What a claim or release answers: the item and the session's version (the ETag). */
export interface HandoffWritten {
  handoff: HandoffView;
  version: number;
}
