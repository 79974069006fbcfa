import type { Actor } from '../../platform/event-store/event.types.js';
import type { OutputType } from '../../branching/index.js';

/** Resolve the session; the ids of the resolution and of its three drafts come with the command. */
export interface ResolveSession {
  type: 'ResolveSession';
  resolutionId: string;
  resolution: string;
  rootCause: string | null;
  /** The branch that solved it; by default the session's solved branch, if it has one. */
  solvedBranchId: string | null;
  outputIds: Record<OutputType, string>;
  by: Actor;
  now: string;
}

export interface ReopenSession {
  type: 'ReopenSession';
  reason: string | null;
  by: Actor;
  now: string;
}

export type ResolutionCommand = ResolveSession | ReopenSession;
