import type { Actor } from '../../platform/event-store/event.types.js';

/** Take a raised question off the team queue, to answer it. The item's id is the conversation's. */
export interface ClaimQuestion {
  type: 'ClaimQuestion';
  by: Actor;
  now: string;
}

/** `byAdmin`: an admin may put anyone's claim back; others only their own. */
export interface ReleaseQuestion {
  type: 'ReleaseQuestion';
  by: Actor;
  byAdmin: boolean;
  now: string;
}

export type QueuedQuestionCommand = ClaimQuestion | ReleaseQuestion;
