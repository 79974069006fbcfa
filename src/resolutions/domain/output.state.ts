import type { OutputEvent } from './output.events.js';
import { FIRST_REQUEST, type OutputStatus, type PushTarget } from './output.types.js';

export interface OutputPush {
  pushId: string;
  reference: string | null;
  at: string;
}

/**
 * One drafted document. Its stream starts with its first draft (or failure): before that it is being
 * drafted for the resolution's first request, which is where the initial state starts.
 */
export interface OutputState {
  status: OutputStatus;
  /** The generation request a draft must answer; any other is stale. */
  requestId: string;
  content: string | null;
  /** Content versions so far (drafts and edits). */
  version: number;
  approvedVersion: number | null;
  /** Pushes of the approved version, by target. */
  pushes: Partial<Record<PushTarget, OutputPush>>;
}

export const initialOutputState = (): OutputState => ({
  status: 'generating',
  requestId: FIRST_REQUEST,
  content: null,
  version: 0,
  approvedVersion: null,
  pushes: {},
});

export function evolveOutput(state: OutputState, event: OutputEvent): OutputState {
  switch (event.type) {
    case 'OutputDrafted':
      return { ...state, status: 'draft', content: event.data.content, version: event.data.version, approvedVersion: null, pushes: {} };
    case 'OutputGenerationFailed':
      return { ...state, status: 'failed' };
    case 'OutputEdited':
      return { ...state, status: 'draft', content: event.data.content, version: event.data.version, approvedVersion: null, pushes: {} };
    case 'OutputRegenerationRequested':
      return { ...state, status: 'generating', requestId: event.data.requestId };
    case 'OutputApproved':
      return { ...state, status: 'approved', approvedVersion: event.data.version };
    case 'OutputRejected':
      return { ...state, status: 'rejected', approvedVersion: null };
    case 'OutputPushed': {
      const { target, pushId, reference, at } = event.data;
      return { ...state, status: 'pushed', pushes: { ...state.pushes, [target]: { pushId, reference, at } } };
    }
  }
}
