import type { Actor } from '../../platform/event-store/event.types.js';
import type { OutputType } from '../../branching/index.js';
import type { OutputStatus, PushTarget } from '../domain/output.types.js';

export interface OutputVersionView {
  version: number;
  content: string;
  /** `model` (drafted, by the model or the offline writer) or `edit` (by a person). */
  source: 'model' | 'edit';
  model: string | null;
  by: Actor | null;
  at: string;
}

export interface OutputPushView {
  pushId: string;
  target: PushTarget;
  to: string[] | null;
  reference: string | null;
  version: number;
  by: Actor;
  at: string;
}

/** A drafted document of a resolution, as its reviewer sees it. */
export interface OutputView {
  id: string;
  sessionId: string;
  resolutionId: string;
  type: OutputType;
  status: OutputStatus;
  /** False once a later resolution of the session replaced it. */
  current: boolean;
  content: string | null;
  contentVersion: number;
  versions: OutputVersionView[];
  model: string | null;
  instructions: string | null;
  failure: { reason: string; attempts: number; at: string } | null;
  approved: { version: number; by: Actor; at: string } | null;
  rejected: { reason: string; by: Actor; at: string } | null;
  pushes: OutputPushView[];
  createdAt: string;
  updatedAt: string;
}

/** What a write on an output answers: the output and its stream's version (the ETag). */
export interface OutputWritten {
  output: OutputView;
  version: number;
}
