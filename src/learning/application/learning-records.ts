import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type CommandContext, correlatedBy } from '../../platform/decider/command-context.js';
import { Clock } from '../../platform/decider/clock.js';
import { InvalidLearningRecordError } from '../domain/learning.errors.js';
import { derivedId } from '../domain/learning.stream.js';
import { SIMILARITY_THRESHOLD } from '../domain/similarity.js';
import { type FinishedRun, PipelineLearning, type PipelineLessons } from '../pipeline-learning.js';
import { TextEmbedder } from '../../platform/llm/index.js';
import type { LearningInput } from './learning-input.js';
import { LearningReader } from './learning.reader.js';
import { RecordLearningCommand } from './record-learning.command.js';

/** What lessonsFor returns at most, and the correction factor's window. */
export const LESSONS = { failures: 5, retrospectives: 3, correctionDays: 90 } as const;

/**
 * The learning records as pipelines see them (PipelineLearning). `lessonsFor` embeds the feature
 * request once and ranks failures (threshold SIMILARITY_THRESHOLD) and retrospectives (the most
 * similar, no threshold) by the same vector, with the correction factor: three reads, one model call.
 */
@Injectable()
export class LearningRecords extends PipelineLearning {
  private readonly logger = new Logger(LearningRecords.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly reader: LearningReader,
    private readonly embedder: TextEmbedder,
    private readonly clock: Clock,
  ) {
    super();
  }

  async lessonsFor(organizationId: string, featureRequest: string): Promise<PipelineLessons> {
    const query = await this.embedder.embed(organizationId, featureRequest);
    const [failures, retrospectives, correction] = await Promise.all([
      this.reader.similarFailures(organizationId, query, SIMILARITY_THRESHOLD, LESSONS.failures),
      this.reader.relevantRetrospectives(organizationId, query, LESSONS.retrospectives),
      this.reader.correctionFactor(organizationId, LESSONS.correctionDays, this.clock.now()),
    ]);
    return {
      failures: failures.map((f) => ({
        id: f.id,
        feature: f.feature,
        approach: f.approach,
        whyFailed: f.whyFailed,
        lesson: f.lesson,
        similarity: f.similarity,
        loggedAt: f.loggedAt,
      })),
      retrospectives: retrospectives.map((r) => ({
        id: r.id,
        pipelineId: r.pipelineId,
        feature: r.feature,
        surprises: r.surprises,
        wouldChange: r.wouldChange,
        newPatterns: r.newPatterns,
        spikeAccuracy: r.spikeAccuracy,
        loggedAt: r.loggedAt,
      })),
      correction,
    };
  }

  /**
   * Every record's id is derived from the organization, the pipeline and the part of the run
   * (`derivedId`), so a second call addresses the same streams and appends nothing. Records go one
   * by one: a crash in between leaves the first ones recorded, and the re-run records the rest. A
   * part that breaks a record's rule (a model's estimate of 0 sessions, a lesson over 10,000
   * characters) is left out with a warning: it would fail every re-run of the step, and the run's
   * other lessons are worth keeping.
   */
  async recordRun(context: CommandContext, run: FinishedRun): Promise<void> {
    const ctx = correlatedBy(context, run.pipelineId);
    const id = (...part: string[]) => derivedId('run', context.tenantId, run.pipelineId, ...part);
    const pipelineId = run.pipelineId;
    const feature = run.feature;
    const records: [string, LearningInput][] = [];
    if (run.retrospective) records.push([id('retrospective'), { kind: 'retrospective', pipelineId, feature, ...run.retrospective }]);
    if (run.estimate) records.push([id('estimate'), { kind: 'estimate', feature, pipelineId, notes: null, ...run.estimate }]);
    run.failures.forEach((f, i) => records.push([id('failure', String(i)), { kind: 'failure', feature, pipelineId, ...f }]));
    run.decisions.forEach((d, i) => records.push([id('decision', String(i)), { kind: 'decision', pipelineId, ...d }]));
    run.patternsUsed.forEach((p, i) =>
      records.push([
        id('pattern', String(i)),
        { kind: 'pattern_usage', pipelineId, pattern: p.pattern, outcome: outcomeOf(p.outcome), file: null, complianceScore: null },
      ]),
    );
    for (const [recordId, input] of records) {
      try {
        await this.commands.execute(new RecordLearningCommand(ctx, recordId, input));
      } catch (error) {
        if (!(error instanceof InvalidLearningRecordError)) throw error;
        this.logger.warn(`pipeline ${run.pipelineId}: its ${input.kind} was not recorded: ${error.message}`);
      }
    }
  }
}

/** A run names outcomes in its own words; anything but the known ones counts as a deviation. */
function outcomeOf(outcome: string): 'followed' | 'deviated' | 'failed' {
  const known = outcome.trim().toLowerCase();
  return known === 'followed' || known === 'failed' ? known : 'deviated';
}
