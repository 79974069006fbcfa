import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PipelineLearning, type PipelineLessons } from '../../learning/index.js';
import { PromiseCache } from '../../platform/cache/promise-cache.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { afterFailedTry } from '../../platform/deadlines/retry-backoff.js';
import { Clock } from '../../platform/decider/clock.js';
import { systemContext } from '../../platform/decider/command-context.js';
import { LlmGateway, LlmStructuredOutputError } from '../../platform/llm/index.js';
import { AgentDefinitionsQueries } from '../../registry/index.js';
import { PipelineReader } from '../application/pipeline.reader.js';
import { PipelineRepository } from '../application/pipeline.repository.js';
import type { AttemptFigures } from '../domain/pipeline.events.js';
import { PHASE_SCHEMAS, type PhasePromptInput, inputSummary, outputSummary, phasePrompt, phasePurpose } from '../domain/phase-prompts.js';
import type { PipelineDocument } from '../projections/pipeline-view.evolve.js';
import { PIPELINE_PHASE_DEADLINE, type PhaseTryPayload } from './pipeline-deadlines.js';

const ACTOR = { kind: 'system' as const, id: 'pipeline-phases' };
/** Agent versions kept in memory: a registered version's definition never changes (a new one is a new version). */
const AGENT_VERSIONS_KEPT = 200;
type AgentVersionView = Awaited<ReturnType<AgentDefinitionsQueries['get']>>;
/**
 * The lessons are read once per run and kept for its later phases: a run's own lessons are recorded
 * only when it completes, so what the records say about its request does not change under it, and
 * reading them (an embedding and three queries) was the largest part of a phase's overhead. Kept in
 * memory only — a restart reads them again — for at most RUN_LESSONS_MS and RUNS_KEPT runs.
 */
const RUN_LESSONS_MS = 30 * 60_000;
const RUNS_KEPT = 1_000;

/**
 * One try of one phase attempt: the phase's agent (its registry persona and model settings) is asked
 * for the phase's structured output, given the feature request, the earlier phases' outputs and the
 * lessons of the learning records. A valid answer completes the attempt; an answer still invalid
 * after the gateway's one repair fails it with the reason; a model error schedules the next try after
 * the backoff (a new deadline, through PipelinePhaseTryFailed) until the last, which fails it. A
 * process killed mid-call leaves the deadline running: its lease expires and the same try runs again
 * — the decider records one completion per attempt, so a doubled try never doubles a phase. The call
 * is abandoned when the attempt's time budget is spent: its timeout deadline fails the attempt.
 */
@Injectable()
export class PhaseRunDeadlineHandler implements OnModuleInit {
  private readonly logger = new Logger(PhaseRunDeadlineHandler.name);
  private readonly agentVersions = new PromiseCache<AgentVersionView>({ maxEntries: AGENT_VERSIONS_KEPT });
  private readonly runLessons: PromiseCache<PipelineLessons>;

  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly reader: PipelineReader,
    private readonly pipelines: PipelineRepository,
    private readonly agents: AgentDefinitionsQueries,
    private readonly learning: PipelineLearning,
    private readonly llm: LlmGateway,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runLessons = new PromiseCache({ maxEntries: RUNS_KEPT, maxAgeMs: RUN_LESSONS_MS, now: () => clock.now().getTime() });
  }

  onModuleInit(): void {
    this.deadlines.register<PhaseTryPayload>(PIPELINE_PHASE_DEADLINE, (deadline) => this.run(deadline));
  }

  async run(deadline: DueDeadline<PhaseTryPayload>): Promise<void> {
    const { pipelineId, phase, attempt } = deadline.payload;
    const tenantId = deadline.tenantId ?? '';
    const doc = (await this.reader.find(tenantId, pipelineId))?.document;
    const view = doc?.phases.find((candidate) => candidate.phase === phase);
    if (!doc || doc.stage !== 'running' || view?.status !== 'running' || view.attempts !== attempt) return;
    if (deadline.payload.try <= view.failedTries) return; // this try's failure is recorded: its successor runs
    const budgetMs =
      new Date(view.startedAt ?? doc.updatedAt).getTime() + this.config.pipelines.phaseTimeoutMs - this.clock.now().getTime();
    if (budgetMs <= 0) return; // the attempt's timeout fails it
    const agent = await this.agentVersion(tenantId, view.agent.slug, view.agent.version);
    const input: PhasePromptInput = {
      phase,
      featureRequest: doc.featureRequest,
      persona: agent.persona,
      earlier: earlierOutputs(doc, phase),
      lessons: await this.lessons(tenantId, pipelineId, doc.featureRequest),
    };
    const figures = (durationMs: number, tokens = { input: 0, output: 0 }, model: string | null = null): AttemptFigures => ({
      agent: view.agent,
      model,
      inputSummary: inputSummary(input),
      durationMs,
      tokens,
    });
    const budget = AbortSignal.timeout(budgetMs);
    const started = performance.now();
    try {
      const result = await this.llm.structured<Record<string, unknown>>({
        tenantId,
        purpose: phasePurpose(phase),
        schema: PHASE_SCHEMAS[phase],
        schemaName: phasePurpose(phase),
        messages: phasePrompt(input),
        temperature: agent.model.temperature,
        maxTokens: agent.model.maxTokens,
        cache: false,
        signal: budget,
        scope: {
          agentSlug: agent.slug,
          ...(doc.squadId ? { squadId: doc.squadId } : {}),
          providerPreference: agent.model.providerPreference,
        },
      });
      const done = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
      await this.pipelines.handle(done, {
        type: 'CompletePhase',
        pipelineId,
        phase,
        attempt,
        ...figures(
          result.latencyMs,
          { input: result.usage.inputTokens, output: result.usage.outputTokens },
          `${result.provider}/${result.model}`,
        ),
        output: result.value,
        outputSummary: outputSummary(phase, result.value),
        repaired: result.repaired,
        now: done.now,
      });
    } catch (error) {
      if (budget.aborted) return; // over budget: the timeout deadline records it
      const durationMs = Math.round(performance.now() - started);
      const reason =
        error instanceof LlmStructuredOutputError
          ? `invalid output after one repair: ${error.errors.join('; ')}`
          : (error as Error).message;
      const next =
        error instanceof LlmStructuredOutputError
          ? ({ retry: false } as const)
          : afterFailedTry(deadline.payload.try, this.config.pipelines, this.clock.now());
      this.logger.warn(`pipeline ${pipelineId} ${phase} attempt ${attempt} try ${deadline.payload.try} failed: ${reason}`);
      const failed = systemContext({ tenantId, actor: ACTOR, causationId: deadline.key }, this.clock.now());
      await this.pipelines.handle(
        failed,
        next.retry
          ? {
              type: 'FailPhaseTry',
              pipelineId,
              phase,
              attempt,
              try: deadline.payload.try,
              ...figures(durationMs),
              reason: reason.slice(0, 1000),
              retryAt: next.dueAt.toISOString(),
              now: failed.now,
            }
          : { type: 'FailPhase', pipelineId, phase, attempt, ...figures(durationMs), reason: reason.slice(0, 1000), now: failed.now },
      );
    }
  }

  /** What the learning records say; when they cannot say it (their embedding failed), the phase runs without, rather than waiting. */
  private lessons(tenantId: string, pipelineId: string, featureRequest: string): Promise<PipelineLessons> {
    return this.lessonsOfRun(tenantId, pipelineId, featureRequest).catch((error: Error) => {
      this.logger.warn(`the lessons for a pipeline phase could not be read, the phase runs without them: ${error.message}`);
      return { failures: [], retrospectives: [], correction: { factor: null, samples: 0, days: 90 } };
    });
  }

  private lessonsOfRun(tenantId: string, pipelineId: string, featureRequest: string): Promise<PipelineLessons> {
    return this.runLessons.get(`${tenantId}:${pipelineId}`, () => this.learning.lessonsFor(tenantId, featureRequest));
  }

  private agentVersion(tenantId: string, slug: string, version: string): Promise<AgentVersionView> {
    return this.agentVersions.get(`${tenantId}:${slug}:${version}`, () => this.agents.get(tenantId, slug, version));
  }
}

/** The outputs of the phases before `phase`, in the run's order. */
function earlierOutputs(doc: PipelineDocument, phase: string): PhasePromptInput['earlier'] {
  const index = doc.phases.findIndex((view) => view.phase === phase);
  return doc.phases
    .slice(0, index)
    .filter((view) => view.output !== null)
    .map((view) => ({ phase: view.phase, output: view.output! }));
}
