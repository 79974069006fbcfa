import type { RetentionEvent } from './retention.events.js';
import type { RetentionRule } from './retention.types.js';

export interface RetentionState {
  organizationId?: string;
  rules: RetentionRule[];
  /** The last run recorded per target: a sweep that runs again after a crash records nothing twice. */
  lastRunKeys: Record<string, string>;
}

export const initialRetentionState = (): RetentionState => ({ rules: [], lastRunKeys: {} });

export function evolveRetention(state: RetentionState, event: RetentionEvent): RetentionState {
  switch (event.type) {
    case 'RetentionRulesSet':
      return { ...state, organizationId: event.data.organizationId, rules: event.data.rules };
    case 'RetentionApplied':
      return {
        ...state,
        organizationId: event.data.organizationId,
        lastRunKeys: { ...state.lastRunKeys, [event.data.target]: event.data.runKey },
      };
  }
}
