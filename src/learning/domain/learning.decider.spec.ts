import { deciderSpec } from '../../../test/support/decider-spec.js';
import { AggregateNotFoundError } from '../../platform/decider/decider.js';
import { complexityDecider, trendGrowth } from './complexity.decider.js';
import { docsCacheDecider } from './docs-cache.decider.js';
import { estimateDecider } from './estimate.decider.js';
import type {
  CacheDocs,
  RecordComplexitySnapshot,
  RecordEstimate,
  RecordFailure,
  RecordPatternUsage,
  RecordRetrospective,
} from './learning.commands.js';
import { EstimateAlreadyCompletedError, InvalidLearningRecordError } from './learning.errors.js';
import type { ComplexityEvent } from './complexity.decider.js';
import type { EstimateRecorded, FailureRecorded } from './learning.events.js';
import { recordOnceDecider } from './learning-record.decider.js';
import { complexityFileId, derivedId, docsEntryId } from './learning.stream.js';

const by = { kind: 'member' as const, id: 'm1' };
const now = '2026-12-03T10:00:00.000Z';
const organizationId = 'org1';

describe('learning records', () => {
  describe('write-once records (failure, retrospective, spike, pattern usage, decision)', () => {
    const spec = deciderSpec(recordOnceDecider);
    const record: RecordFailure = {
      type: 'RecordFailure',
      record: {
        failureId: 'f1',
        organizationId,
        feature: ' WebSocket notifications ',
        approach: 'Native WebSockets',
        whyFailed: 'Scaling',
        lesson: 'Redis pub/sub',
        pipelineId: null,
      },
      by,
      now,
    };
    const recorded: FailureRecorded = {
      type: 'FailureRecorded',
      data: { ...record.record, feature: 'WebSocket notifications', by, at: now },
    };

    it('records a failure with trimmed text', () => {
      spec.given([]).when(record).then([recorded]);
    });
    it('records nothing for an id already recorded, whatever the second record says (a re-run step)', () => {
      spec.given([recorded]).when(record).thenNothingHappened();
      spec
        .given([recorded])
        .when({ ...record, record: { ...record.record, lesson: 'Another' } })
        .thenNothingHappened();
    });
    it('refuses blank or over-long text', () => {
      spec
        .given([])
        .when({ ...record, record: { ...record.record, feature: '  ' } })
        .thenThrows(InvalidLearningRecordError, /feature/);
      spec
        .given([])
        .when({ ...record, record: { ...record.record, lesson: 'x'.repeat(10_001) } })
        .thenThrows(InvalidLearningRecordError, /lesson/);
    });

    const retrospective: RecordRetrospective = {
      type: 'RecordRetrospective',
      record: {
        retrospectiveId: 'r1',
        organizationId,
        pipelineId: 'p1',
        feature: 'OAuth',
        surprises: '',
        wouldChange: 'Simpler first',
        newPatterns: ['a', 'a ', 'b'],
        spikeAccuracy: 80,
      },
      by,
      now,
    };
    it('keeps a retrospective’s new patterns once each, and allows empty surprises', () => {
      spec
        .given([])
        .when(retrospective)
        .then([{ type: 'RetrospectiveRecorded', data: { ...retrospective.record, newPatterns: ['a', 'b'], by, at: now } }]);
    });
    it('refuses a spike accuracy outside 0–100', () => {
      for (const spikeAccuracy of [-1, 100.5])
        spec
          .given([])
          .when({ ...retrospective, record: { ...retrospective.record, spikeAccuracy } })
          .thenThrows(InvalidLearningRecordError, /spikeAccuracy/);
    });

    const usage: RecordPatternUsage = {
      type: 'RecordPatternUsage',
      record: {
        usageId: 'u1',
        organizationId,
        pattern: 'repository',
        pipelineId: null,
        file: null,
        outcome: 'followed',
        complianceScore: 90,
      },
      by,
      now,
    };
    it('refuses an unknown outcome and a compliance score outside 0–100', () => {
      spec
        .given([])
        .when({ ...usage, record: { ...usage.record, outcome: 'ignored' as 'followed' } })
        .thenThrows(InvalidLearningRecordError, /outcome/);
      spec
        .given([])
        .when({ ...usage, record: { ...usage.record, complianceScore: 101 } })
        .thenThrows(InvalidLearningRecordError, /complianceScore/);
    });
    it('refuses a spike with negative minutes', () => {
      spec
        .given([])
        .when({
          type: 'RecordSpike',
          record: {
            spikeId: 's1',
            organizationId,
            feature: 'Streaming',
            question: 'Can we?',
            approach: 'SSE',
            result: 'Yes',
            viable: true,
            lessons: '',
            timeSpentMinutes: -5,
            pipelineId: null,
          },
          by,
          now,
        })
        .thenThrows(InvalidLearningRecordError, /timeSpentMinutes/);
    });
  });

  describe('estimates', () => {
    const spec = deciderSpec(estimateDecider);
    const record: RecordEstimate = {
      type: 'RecordEstimate',
      record: {
        estimateId: 'e1',
        organizationId,
        feature: 'OAuth',
        estimatedSessions: 3,
        actualSessions: null,
        complexity: 7.5,
        filesCreated: null,
        filesModified: 2,
        notes: ' ',
        pipelineId: null,
      },
      by,
      now,
    };
    const recorded: EstimateRecorded = { type: 'EstimateRecorded', data: { ...record.record, notes: null, by, at: now } };
    const complete = { type: 'CompleteEstimate' as const, estimateId: 'e1', actualSessions: 5, by, now };

    it('records an estimate; again records nothing', () => {
      spec.given([]).when(record).then([recorded]);
      spec.given([recorded]).when(record).thenNothingHappened();
    });
    it('refuses sessions that are not whole and positive, and complexity outside 1–10', () => {
      for (const estimatedSessions of [0, -1, 1.5])
        spec
          .given([])
          .when({ ...record, record: { ...record.record, estimatedSessions } })
          .thenThrows(InvalidLearningRecordError, /estimatedSessions/);
      spec
        .given([])
        .when({ ...record, record: { ...record.record, actualSessions: 0 } })
        .thenThrows(InvalidLearningRecordError, /actualSessions/);
      for (const complexity of [0.5, 11])
        spec
          .given([])
          .when({ ...record, record: { ...record.record, complexity } })
          .thenThrows(InvalidLearningRecordError, /complexity/);
    });
    it('completes an open estimate once; the same actual again changes nothing, another is refused', () => {
      const completed = { type: 'EstimateCompleted' as const, data: { estimateId: 'e1', actualSessions: 5, by, at: now } };
      spec.given([recorded]).when(complete).then([completed]);
      spec.given([recorded, completed]).when(complete).thenNothingHappened();
      spec
        .given([recorded, completed])
        .when({ ...complete, actualSessions: 6 })
        .thenThrows(EstimateAlreadyCompletedError);
      spec
        .given([recorded])
        .when({ ...complete, actualSessions: 0 })
        .thenThrows(InvalidLearningRecordError, /actualSessions/);
    });
    it('refuses to complete an estimate that does not exist', () => {
      spec.given([]).when(complete).thenThrows(AggregateNotFoundError);
    });
  });

  describe('complexity trend', () => {
    const spec = deciderSpec(complexityDecider);
    const snapshot = (snapshotId: string, complexityScore: number): RecordComplexitySnapshot => ({
      type: 'RecordComplexitySnapshot',
      record: { snapshotId, organizationId, file: 'src/a.ts', metrics: { lines: 100, functions: 5, dependencies: 3, complexityScore } },
      by,
      now,
    });
    const recorded = (snapshotId: string, complexityScore: number): ComplexityEvent => ({
      type: 'ComplexitySnapshotRecorded',
      data: { ...snapshot(snapshotId, complexityScore).record, by, at: now },
    });
    const history = (scores: number[]) => scores.map((score, i) => recorded(`s${i}`, score));

    it('compares the newest score with the oldest of the last five snapshots', () => {
      expect(trendGrowth([], 10)).toBeNull();
      expect(trendGrowth([10], 16)).toEqual({ growth: 1.6, fromScore: 10, window: 2 });
      // 10 falls out of the window: 12, 13, 14, 15 then 17 → 17 / 12
      expect(trendGrowth([10, 12, 13, 14, 15], 17)).toEqual({ growth: 17 / 12, fromScore: 12, window: 5 });
      expect(trendGrowth([0, 5], 9)).toBeNull();
    });
    it('starts a warning when the score grows by more than 1.5× over the window', () => {
      spec
        .given(history([10, 11, 12, 14]))
        .when(snapshot('s4', 15.5))
        .then([
          recorded('s4', 15.5),
          {
            type: 'ComplexityWarningStarted',
            data: { organizationId, file: 'src/a.ts', snapshotId: 's4', fromScore: 10, toScore: 15.5, growth: 1.55, window: 5, at: now },
          },
        ]);
    });
    it('does not warn at exactly 1.5×, nor for a file’s first snapshot', () => {
      spec
        .given(history([10, 11, 12, 14]))
        .when(snapshot('s4', 15))
        .then([recorded('s4', 15)]);
      spec
        .given([])
        .when(snapshot('s0', 50))
        .then([recorded('s0', 50)]);
    });
    it('starts no second warning while it holds, and clears it when growth is back within the limit', () => {
      const started: ComplexityEvent = {
        type: 'ComplexityWarningStarted',
        data: { organizationId, file: 'src/a.ts', snapshotId: 's1', fromScore: 10, toScore: 20, growth: 2, window: 2, at: now },
      };
      spec
        .given([...history([10, 20]), started])
        .when(snapshot('s2', 21))
        .then([recorded('s2', 21)]);
      spec
        .given([...history([10, 20]), started])
        .when(snapshot('s2', 12))
        .then([
          recorded('s2', 12),
          { type: 'ComplexityWarningCleared', data: { organizationId, file: 'src/a.ts', snapshotId: 's2', growth: 1.2, at: now } },
        ]);
    });
    it('records a retried snapshot once, and refuses negative metrics', () => {
      spec
        .given(history([10, 20]))
        .when(snapshot('s1', 20))
        .thenNothingHappened();
      spec
        .given([])
        .when({
          ...snapshot('s0', 1),
          record: { ...snapshot('s0', 1).record, metrics: { lines: -1, functions: 0, dependencies: 0, complexityScore: 1 } },
        })
        .thenThrows(InvalidLearningRecordError, /lines/);
    });
  });

  describe('docs cache', () => {
    const spec = deciderSpec(docsCacheDecider);
    const cache: CacheDocs = {
      type: 'CacheDocs',
      record: { entryId: 'd1', organizationId, library: 'fastapi', version: '0.115.0', content: '# API', sourceUrl: null, expiresAt: null },
      by,
      now,
    };
    it('expires seven days after the fetch by default', () => {
      spec
        .given([])
        .when(cache)
        .then([{ type: 'DocsCached', data: { ...cache.record, expiresAt: '2026-12-10T10:00:00.000Z', by, at: now } }]);
    });
    it('appends every fetch (the newest replaces the cached content) and refuses an expiry not after the fetch', () => {
      spec
        .given([{ type: 'DocsCached', data: { ...cache.record, expiresAt: '2026-12-10T10:00:00.000Z', by, at: now } }])
        .when({ ...cache, record: { ...cache.record, content: '# API v2', expiresAt: '2026-12-04T00:00:00Z' } })
        .then([{ type: 'DocsCached', data: { ...cache.record, content: '# API v2', expiresAt: '2026-12-04T00:00:00.000Z', by, at: now } }]);
      spec
        .given([])
        .when({ ...cache, record: { ...cache.record, expiresAt: now } })
        .thenThrows(InvalidLearningRecordError, /expiresAt/);
    });
  });

  describe('stream ids', () => {
    it('derives the same UUID (version 5) from the same name, and another from another', () => {
      expect(derivedId('run', 'org1', 'p1', 'estimate')).toBe(derivedId('run', 'org1', 'p1', 'estimate'));
      expect(derivedId('run', 'org1', 'p1', 'estimate')).not.toBe(derivedId('run', 'org2', 'p1', 'estimate'));
      expect(derivedId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
    it('keys a file per organization and a library version case-insensitively by library', () => {
      expect(complexityFileId('org1', 'src/a.ts')).not.toBe(complexityFileId('org2', 'src/a.ts'));
      expect(docsEntryId('org1', 'FastAPI', '1.0')).toBe(docsEntryId('org1', 'fastapi', '1.0'));
    });
  });
});
