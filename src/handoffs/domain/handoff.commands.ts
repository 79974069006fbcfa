import type { Actor } from '../../platform/event-store/event.types.js';
import type { HandoffAssessment, HandoffBriefing, HandoffKind, HandoffPriority } from '../../branching/index.js';

/** Park or escalate the session; `stepCount` is what the read side counted (messages on all branches). */
export interface HandOffSession {
  type: 'HandOffSession';
  handoffId: string;
  kind: HandoffKind;
  notes: string;
  priority: HandoffPriority;
  stepCount: number;
  by: Actor;
  now: string;
}

export interface ClaimHandoff {
  type: 'ClaimHandoff';
  handoffId: string;
  by: Actor;
  now: string;
}

/** `byAdmin`: an admin may put anyone's claim back; others only their own. */
export interface ReleaseHandoff {
  type: 'ReleaseHandoff';
  handoffId: string;
  by: Actor;
  byAdmin: boolean;
  now: string;
}

/** The assessment deadline's answer for escalation `handoffId`; `model` is who answered, `attempts` the tries it took. */
export interface RecordAssessment {
  type: 'RecordAssessment';
  handoffId: string;
  assessment: HandoffAssessment;
  model: string;
  attempts: number;
  now: string;
}

/** The assessment's last try failed. */
export interface RecordAssessmentFailure {
  type: 'RecordAssessmentFailure';
  handoffId: string;
  reason: string;
  attempts: number;
  now: string;
}

/** The briefing deadline's answer for the claim of `handoffId` made at `claimedAt`; `model` is who wrote it. */
export interface RecordBriefing {
  type: 'RecordBriefing';
  handoffId: string;
  claimedAt: string;
  briefing: HandoffBriefing;
  model: string;
  now: string;
}

export type HandoffCommand = HandOffSession | ClaimHandoff | ReleaseHandoff | RecordAssessment | RecordAssessmentFailure | RecordBriefing;
