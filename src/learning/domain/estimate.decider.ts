import { AggregateNotFoundError, type Decider } from '../../platform/decider/decider.js';
import type { EstimateCommand } from './learning.commands.js';
import { EstimateAlreadyCompletedError } from './learning.errors.js';
import type { EstimateCompleted, EstimateRecorded } from './learning.events.js';
import { inRange, nullableText, sessions, text, count } from './learning-rules.js';
import { type EstimateState, evolveEstimate, initialEstimateState } from './learning.state.js';
import { COMPLEXITY_RANGE, LEARNING_LIMITS } from './learning.types.js';

export type EstimateEvent = EstimateRecorded | EstimateCompleted;

/**
 * Estimates: sessions are whole and positive, complexity 1–10. Recording an id again records
 * nothing (a pipeline's idempotent step); an estimate is completed once, and completing it again
 * with the same actual changes nothing while another actual is refused (409): it would rewrite the
 * figure the correction factor learnt from.
 */
export const estimateDecider: Decider<EstimateState, EstimateCommand, EstimateEvent> = {
  initialState: initialEstimateState,
  evolve: evolveEstimate,
  decide(command, state) {
    switch (command.type) {
      case 'RecordEstimate': {
        if (state.status !== 'none') return [];
        const r = command.record;
        return [
          {
            type: 'EstimateRecorded',
            data: {
              estimateId: r.estimateId,
              organizationId: r.organizationId,
              feature: text('feature', r.feature),
              estimatedSessions: sessions('estimatedSessions', r.estimatedSessions),
              actualSessions: r.actualSessions === null ? null : sessions('actualSessions', r.actualSessions),
              complexity: inRange('complexity', r.complexity, COMPLEXITY_RANGE.min, COMPLEXITY_RANGE.max),
              filesCreated: r.filesCreated === null ? null : count('filesCreated', r.filesCreated),
              filesModified: r.filesModified === null ? null : count('filesModified', r.filesModified),
              notes: nullableText('notes', r.notes, LEARNING_LIMITS.text),
              pipelineId: r.pipelineId,
              by: command.by,
              at: command.now,
            },
          },
        ];
      }
      case 'CompleteEstimate': {
        if (state.status === 'none') throw new AggregateNotFoundError('estimate');
        const actualSessions = sessions('actualSessions', command.actualSessions);
        if (state.actualSessions === actualSessions) return [];
        if (state.actualSessions !== null) throw new EstimateAlreadyCompletedError(state.actualSessions);
        return [{ type: 'EstimateCompleted', data: { estimateId: command.estimateId, actualSessions, by: command.by, at: command.now } }];
      }
    }
  },
};
