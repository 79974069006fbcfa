import type { Decider } from '../../platform/decider/decider.js';
import type { RecordComplexitySnapshot } from './learning.commands.js';
import type { ComplexitySnapshotRecorded, ComplexityWarningCleared, ComplexityWarningStarted } from './learning.events.js';
import { count, inRange, text } from './learning-rules.js';
import { LEARNING_LIMITS } from './learning.types.js';

/**
 * The trend rule: a file's window is its last TREND_WINDOW snapshots (the new one included), and it
 * warns while the newest complexityScore exceeds TREND_LIMIT × the oldest score of the window.
 * Five snapshots are a few build steps: long enough to see a trend rather than one big commit's
 * jump, short enough that a file cleaned up stops warning soon. An oldest score of 0 gives no ratio
 * and no warning (a new, empty file).
 */
export const TREND_WINDOW = 5;
export const TREND_LIMIT = 1.5;

export type ComplexityEvent = ComplexitySnapshotRecorded | ComplexityWarningStarted | ComplexityWarningCleared;

export type ComplexityState =
  | { status: 'none' }
  | { status: 'tracked'; organizationId: string; file: string; recent: number[]; warning: boolean; snapshotIds: string[] };

/** The growth of the window ending in `score` after `previous` scores (oldest first), or null when there is no ratio. */
export function trendGrowth(previous: readonly number[], score: number): { growth: number; fromScore: number; window: number } | null {
  const window = [...previous, score].slice(-TREND_WINDOW);
  const fromScore = window[0];
  if (window.length < 2 || fromScore <= 0) return null;
  return { growth: score / fromScore, fromScore, window: window.length };
}

function evolve(state: ComplexityState, event: ComplexityEvent): ComplexityState {
  switch (event.type) {
    case 'ComplexitySnapshotRecorded': {
      const base = state.status === 'none' ? { recent: [], warning: false, snapshotIds: [] } : state;
      return {
        status: 'tracked',
        organizationId: event.data.organizationId,
        file: event.data.file,
        warning: base.warning,
        // Only what the next window needs: the last TREND_WINDOW - 1 scores.
        recent: [...base.recent, event.data.metrics.complexityScore].slice(-(TREND_WINDOW - 1)),
        snapshotIds: [...base.snapshotIds, event.data.snapshotId].slice(-TREND_WINDOW),
      };
    }
    case 'ComplexityWarningStarted':
      return state.status === 'none' ? state : { ...state, warning: true };
    case 'ComplexityWarningCleared':
      return state.status === 'none' ? state : { ...state, warning: false };
  }
}

/**
 * One stream per file (see `complexityFileId`): a snapshot, then `ComplexityWarningStarted` when the
 * trend rule starts to hold and `ComplexityWarningCleared` when it stops; a warning that goes on
 * holding appends no second start. The same snapshot id twice records nothing (a retried step).
 */
export const complexityDecider: Decider<ComplexityState, RecordComplexitySnapshot, ComplexityEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state) {
    const r = command.record;
    if (state.status === 'tracked' && state.snapshotIds.includes(r.snapshotId)) return [];
    const max = LEARNING_LIMITS.count * 100;
    const metrics = {
      lines: count('metrics.lines', r.metrics.lines),
      functions: count('metrics.functions', r.metrics.functions),
      dependencies: count('metrics.dependencies', r.metrics.dependencies),
      complexityScore: inRange('metrics.complexityScore', r.metrics.complexityScore, 0, max),
    };
    const snapshot: ComplexitySnapshotRecorded = {
      type: 'ComplexitySnapshotRecorded',
      data: {
        snapshotId: r.snapshotId,
        organizationId: r.organizationId,
        file: text('file', r.file),
        metrics,
        by: command.by,
        at: command.now,
      },
    };
    const warning = state.status === 'tracked' && state.warning;
    const trend = trendGrowth(state.status === 'tracked' ? state.recent : [], metrics.complexityScore);
    const holds = trend !== null && trend.growth > TREND_LIMIT;
    const at = command.now;
    const file = snapshot.data.file;
    if (holds && !warning)
      return [
        snapshot,
        {
          type: 'ComplexityWarningStarted',
          data: {
            organizationId: r.organizationId,
            file,
            snapshotId: r.snapshotId,
            fromScore: trend.fromScore,
            toScore: metrics.complexityScore,
            growth: trend.growth,
            window: trend.window,
            at,
          },
        },
      ];
    if (!holds && warning)
      return [
        snapshot,
        {
          type: 'ComplexityWarningCleared',
          data: { organizationId: r.organizationId, file, snapshotId: r.snapshotId, growth: trend?.growth ?? 0, at },
        },
      ];
    return [snapshot];
  },
};
