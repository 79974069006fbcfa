import type { Decider } from '../../platform/decider/decider.js';
import type { RecordOnce } from './learning.commands.js';
import type { DecisionRecorded, FailureRecorded, PatternUsageRecorded, RetrospectiveRecorded, SpikeRecorded } from './learning.events.js';
import { InvalidLearningRecordError } from './learning.errors.js';
import { count, nullableInRange, nullableText, text } from './learning-rules.js';
import { evolveRecord, initialRecordState, type RecordState } from './learning.state.js';
import { LEARNING_LIMITS, PATTERN_OUTCOMES, PERCENT_RANGE } from './learning.types.js';

export type RecordOnceEvent = FailureRecorded | RetrospectiveRecorded | SpikeRecorded | PatternUsageRecorded | DecisionRecorded;

const long = LEARNING_LIMITS.text;

function recorded(command: RecordOnce): RecordOnceEvent {
  const stamp = { by: command.by, at: command.now };
  switch (command.type) {
    case 'RecordFailure': {
      const r = command.record;
      return {
        type: 'FailureRecorded',
        data: {
          failureId: r.failureId,
          organizationId: r.organizationId,
          feature: text('feature', r.feature),
          approach: text('approach', r.approach, long),
          whyFailed: text('whyFailed', r.whyFailed, long),
          lesson: text('lesson', r.lesson, long),
          pipelineId: r.pipelineId,
          ...stamp,
        },
      };
    }
    case 'RecordRetrospective': {
      const r = command.record;
      const newPatterns = [...new Set(r.newPatterns.map((p) => text('newPatterns', p)))];
      if (newPatterns.length > LEARNING_LIMITS.newPatterns)
        throw new InvalidLearningRecordError(`at most ${LEARNING_LIMITS.newPatterns} new patterns`);
      return {
        type: 'RetrospectiveRecorded',
        data: {
          retrospectiveId: r.retrospectiveId,
          organizationId: r.organizationId,
          pipelineId: r.pipelineId,
          feature: text('feature', r.feature),
          surprises: text('surprises', r.surprises, long, true),
          wouldChange: text('wouldChange', r.wouldChange, long, true),
          newPatterns,
          spikeAccuracy: nullableInRange('spikeAccuracy', r.spikeAccuracy, PERCENT_RANGE.min, PERCENT_RANGE.max),
          ...stamp,
        },
      };
    }
    case 'RecordSpike': {
      const r = command.record;
      return {
        type: 'SpikeRecorded',
        data: {
          spikeId: r.spikeId,
          organizationId: r.organizationId,
          feature: text('feature', r.feature),
          question: text('question', r.question, long),
          approach: text('approach', r.approach, long),
          result: text('result', r.result, long),
          viable: r.viable,
          lessons: text('lessons', r.lessons, long, true),
          timeSpentMinutes: count('timeSpentMinutes', r.timeSpentMinutes),
          pipelineId: r.pipelineId,
          ...stamp,
        },
      };
    }
    case 'RecordPatternUsage': {
      const r = command.record;
      if (!PATTERN_OUTCOMES.includes(r.outcome)) throw new InvalidLearningRecordError(`outcome is one of ${PATTERN_OUTCOMES.join(', ')}`);
      return {
        type: 'PatternUsageRecorded',
        data: {
          usageId: r.usageId,
          organizationId: r.organizationId,
          pattern: text('pattern', r.pattern),
          pipelineId: r.pipelineId,
          file: nullableText('file', r.file),
          outcome: r.outcome,
          complianceScore: nullableInRange('complianceScore', r.complianceScore, PERCENT_RANGE.min, PERCENT_RANGE.max),
          ...stamp,
        },
      };
    }
    case 'RecordDecision': {
      const r = command.record;
      return {
        type: 'DecisionRecorded',
        data: {
          decisionId: r.decisionId,
          organizationId: r.organizationId,
          pipelineId: r.pipelineId,
          phase: text('phase', r.phase),
          decision: text('decision', r.decision, long),
          reasoning: text('reasoning', r.reasoning, long, true),
          ...stamp,
        },
      };
    }
  }
}

/**
 * Failures, retrospectives, spikes, pattern usages and decisions: each a stream of one event.
 * Recording an id again records nothing, whatever it says: a pipeline step that runs twice derives
 * the same ids (see `derivedId`), and the first record stands.
 */
export const recordOnceDecider: Decider<RecordState, RecordOnce, RecordOnceEvent> = {
  initialState: initialRecordState,
  evolve: evolveRecord,
  decide(command, state) {
    if (state.status !== 'none') return [];
    return [recorded(command)];
  },
};
