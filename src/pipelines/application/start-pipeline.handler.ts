import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { PipelineLearning } from '../../learning/index.js';
import { GetSquadQuery } from '../../organizations/index.js';
import { AgentDefinitionsQueries, AgentTemplatesService } from '../../registry/index.js';
import { PhaseAgentNotPublishedError } from '../domain/pipeline.errors.js';
import { DEFAULT_PHASE_AGENTS, PIPELINE_PHASES, type PlannedPhase, adjustedEstimate } from '../domain/pipeline.types.js';
import { PipelineReader } from './pipeline.reader.js';
import { PipelineRepository } from './pipeline.repository.js';
import { StartPipelineCommand } from './start-pipeline.command.js';

/**
 * Maps each phase to the current published version of its agent (the `pipeline-*` templates by
 * default, installed for the organization when missing), applies the organization's correction
 * factor to the estimate, and starts the run: its first phase's attempt is a deadline due at once.
 * A foreign squad is a 404; an agent the registry lacks or has not published, a 422 — nothing is
 * appended either way.
 */
@CommandHandler(StartPipelineCommand)
export class StartPipelineHandler implements ICommandHandler<StartPipelineCommand> {
  private readonly logger = new Logger(StartPipelineHandler.name);

  constructor(
    private readonly pipelines: PipelineRepository,
    private readonly reader: PipelineReader,
    private readonly agents: AgentDefinitionsQueries,
    private readonly templates: AgentTemplatesService,
    private readonly learning: PipelineLearning,
    private readonly queries: QueryBus,
  ) {}

  async execute({ context, pipelineId, request }: StartPipelineCommand) {
    if (request.squadId) await this.queries.execute(new GetSquadQuery(context.tenantId, request.squadId));
    const phases = await this.plannedPhases(context, request.phases ?? PIPELINE_PHASES.map((phase) => ({ phase, agent: null })));
    const estimate = request.estimate
      ? adjustedEstimate(
          request.estimate.sessions,
          request.estimate.complexity,
          await this.correctionFactor(context.tenantId, request.featureRequest),
        )
      : null;
    await this.pipelines.handle(context, {
      type: 'StartPipeline',
      pipelineId,
      featureRequest: request.featureRequest,
      squadId: request.squadId,
      phases,
      approvalGates: request.approvalGates,
      estimate,
      by: context.actor,
      now: context.now,
    });
    return this.reader.pipeline(context.tenantId, pipelineId);
  }

  /** The organization's correction factor; when the records cannot be read, none (the estimate is shown as given). */
  private async correctionFactor(tenantId: string, featureRequest: string): Promise<number | null> {
    try {
      return (await this.learning.lessonsFor(tenantId, featureRequest)).correction.factor;
    } catch (error) {
      this.logger.warn(`the correction factor could not be read; the estimate goes without: ${(error as Error).message}`);
      return null;
    }
  }

  private async plannedPhases(
    context: StartPipelineCommand['context'],
    requested: { phase: PlannedPhase['phase']; agent: string | null }[],
  ): Promise<PlannedPhase[]> {
    const slugs = requested.map(({ phase, agent }) => agent ?? DEFAULT_PHASE_AGENTS[phase]);
    let found = await this.agents.currentOf(context.tenantId, slugs);
    const defaults = new Set<string>(Object.values(DEFAULT_PHASE_AGENTS));
    const missingTemplates = [...new Set(slugs)].filter((slug) => defaults.has(slug) && !found.some((agent) => agent.slug === slug));
    if (missingTemplates.length > 0) {
      await this.templates.install(context, missingTemplates);
      found = await this.agents.currentOf(context.tenantId, slugs);
    }
    return requested.map(({ phase }, index) => {
      const agent = found.find((candidate) => candidate.slug === slugs[index]);
      if (!agent || agent.status !== 'published') throw new PhaseAgentNotPublishedError(phase, slugs[index], agent?.status ?? null);
      return { phase, agent: { slug: agent.slug, version: agent.version } };
    });
  }
}
