import type { Actor } from '../../platform/event-store/event.types.js';
import type { OutputType } from '../../branching/index.js';
import type { PushTarget } from './output.types.js';

/** Every output command names the output it addresses (its stream may not exist yet: it is being drafted). */
interface Addressed {
  outputId: string;
  sessionId: string;
  outputType: OutputType;
  now: string;
}

export interface RecordDraft extends Addressed {
  type: 'RecordDraft';
  requestId: string;
  content: string;
  model: string;
  attempts: number;
}

export interface RecordGenerationFailure extends Addressed {
  type: 'RecordGenerationFailure';
  requestId: string;
  reason: string;
  attempts: number;
}

export interface EditOutput extends Addressed {
  type: 'EditOutput';
  content: string;
  by: Actor;
}

export interface RegenerateOutput extends Addressed {
  type: 'RegenerateOutput';
  requestId: string;
  instructions: string | null;
  by: Actor;
}

export interface ApproveOutput extends Addressed {
  type: 'ApproveOutput';
  by: Actor;
}

export interface RejectOutput extends Addressed {
  type: 'RejectOutput';
  reason: string;
  by: Actor;
}

export interface PushOutput extends Addressed {
  type: 'PushOutput';
  pushId: string;
  target: PushTarget;
  to: string[] | null;
  by: Actor;
}

export type OutputCommand =
  RecordDraft | RecordGenerationFailure | EditOutput | RegenerateOutput | ApproveOutput | RejectOutput | PushOutput;
