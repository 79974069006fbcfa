import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type FinishedRun, PipelineLearning } from '../../learning/index.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { PipelineReader } from '../application/pipeline.reader.js';
import type { PipelineEvent } from '../domain/pipeline.events.js';
import { pipelineStreamId } from '../domain/pipeline.stream.js';
import { type PipelineDocument } from '../projections/pipeline-view.evolve.js';
import { PIPELINE_RECORD_RUN_DEADLINE, type RecordRunPayload } from './pipeline-deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'pipeline-learning' };

/**
 * Hands a completed run to the learning records: its retrospective, its estimate against the actual
 * sessions (phase attempts started), the failed attempts it met, its decisions and the patterns it
 * used. `recordRun` is idempotent per pipeline, so a firing re-run after a crash records nothing twice.
 */
@Injectable()
export class RecordRunDeadlineHandler implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly reader: PipelineReader,
    private readonly store: EventStore,
    private readonly learning: PipelineLearning,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<RecordRunPayload>(PIPELINE_RECORD_RUN_DEADLINE, (deadline) => this.record(deadline));
  }

  async record(deadline: DueDeadline<RecordRunPayload>): Promise<void> {
    const tenantId = deadline.tenantId ?? '';
    const stored = await this.reader.find(tenantId, deadline.payload.pipelineId);
    if (!stored || stored.document.stage !== 'completed') return;
    const events = await this.store.readStream<PipelineEvent>(pipelineStreamId(deadline.payload.pipelineId));
    const context = systemContext(
      { tenantId, actor: ACTOR, causationId: deadline.key, correlationId: deadline.payload.pipelineId },
      this.clock.now(),
    );
    await this.learning.recordRun(context, finishedRun(stored.document, events));
  }
}

const text = (output: Record<string, unknown> | undefined, field: string) =>
  typeof output?.[field] === 'string' ? (output[field] as string) : '';
const strings = (output: Record<string, unknown> | undefined, field: string) =>
  Array.isArray(output?.[field]) ? (output[field] as unknown[]).filter((item): item is string => typeof item === 'string') : [];
const integer = (output: Record<string, unknown> | undefined, field: string) =>
  typeof output?.[field] === 'number' ? Math.max(0, Math.round(output[field] as number)) : 0;

/** What a completed run taught, from its document and the failures on its stream. */
export function finishedRun(doc: PipelineDocument, events: readonly PipelineEvent[]): FinishedRun {
  const output = (phase: string) => doc.phases.find((view) => view.phase === phase)?.output ?? undefined;
  const why = output('why');
  const research = output('research');
  const plan = output('plan');
  const build = output('build');
  const retro = output('retrospective');
  const approach = text(research, 'chosenApproach') || text(plan, 'approach') || 'the planned approach';
  const decisions: FinishedRun['decisions'] = [];
  if (why) decisions.push({ phase: 'why', decision: text(why, 'verdict'), reasoning: text(why, 'reasoning') || text(why, 'problem') });
  if (research) decisions.push({ phase: 'research', decision: text(research, 'chosenApproach'), reasoning: text(research, 'reasoning') });
  if (plan) decisions.push({ phase: 'plan', decision: text(plan, 'approach'), reasoning: strings(plan, 'buildSteps').join('; ') });
  const patternsUsed = Array.isArray(retro?.patternsUsed)
    ? (retro.patternsUsed as { pattern?: unknown; outcome?: unknown }[])
        .filter((used) => typeof used.pattern === 'string')
        .map((used) => ({ pattern: used.pattern as string, outcome: typeof used.outcome === 'string' ? used.outcome : '' }))
    : [];
  return {
    pipelineId: doc.id,
    feature: doc.featureRequest,
    retrospective: retro
      ? {
          surprises: text(retro, 'surprises'),
          wouldChange: text(retro, 'wouldChange'),
          newPatterns: strings(retro, 'newPatterns'),
          spikeAccuracy: typeof retro.spikeAccuracy === 'number' ? retro.spikeAccuracy : null,
        }
      : null,
    estimate: doc.estimate
      ? {
          estimatedSessions: doc.estimate.sessions,
          actualSessions: doc.actualSessions,
          complexity: doc.estimate.complexity,
          filesCreated: integer(build, 'filesCreated'),
          filesModified: integer(build, 'filesModified'),
        }
      : null,
    failures: events.flatMap((event) =>
      event.type === 'PipelinePhaseFailed'
        ? [
            {
              approach,
              whyFailed: `${event.data.phase} (attempt ${event.data.attempt}) failed: ${event.data.reason}`,
              lesson: text(retro, 'wouldChange') || `Expect the ${event.data.phase} phase to meet: ${event.data.reason}`,
            },
          ]
        : [],
    ),
    decisions,
    patternsUsed,
  };
}
