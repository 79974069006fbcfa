import type { EstimateCompleted, EstimateRecorded, LearningEvent } from './learning.events.js';

/** A write-once record: absent, or recorded in its organization. */
export type RecordState = { status: 'none' } | { status: 'recorded'; organizationId: string };
export const initialRecordState = (): RecordState => ({ status: 'none' });
export const evolveRecord = (_state: RecordState, event: LearningEvent): RecordState =>
  'organizationId' in event.data ? { status: 'recorded', organizationId: event.data.organizationId } : _state;

export type EstimateState = { status: 'none' } | { status: 'recorded'; organizationId: string; actualSessions: number | null };
export const initialEstimateState = (): EstimateState => ({ status: 'none' });
export function evolveEstimate(state: EstimateState, event: EstimateRecorded | EstimateCompleted): EstimateState {
  switch (event.type) {
    case 'EstimateRecorded':
      return { status: 'recorded', organizationId: event.data.organizationId, actualSessions: event.data.actualSessions };
    case 'EstimateCompleted':
      return state.status === 'none' ? state : { ...state, actualSessions: event.data.actualSessions };
  }
}
