import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgentDefinitionsQueries, AgentTemplatesService } from '../../registry/index.js';
import { DEFAULT_SUPERMAJORITY } from '../domain/consensus.js';
import { DeprecatedAgentsError, UnknownAgentsError } from '../domain/discussion.errors.js';
import type { Participant } from '../domain/discussion.types.js';
import { DiscussionRepository, type DiscussionWritten } from './discussion.repository.js';
import { OpenDiscussionCommand } from './open-discussion.command.js';

/** The five discussion personas shipped in seeds/agents, used when no agents are named. */
export const DEFAULT_PERSONAS = [
  'project-manager',
  'technical-architect',
  'creative-strategist',
  'quality-assurance',
  'resource-coordinator',
];

/**
 * Opens a discussion with registry agents as participants, read in one query. With no agents named,
 * the five personas take part; an organization that lacks them gets them installed from the shipped
 * templates first (installing is idempotent).
 */
@CommandHandler(OpenDiscussionCommand)
export class OpenDiscussionHandler implements ICommandHandler<OpenDiscussionCommand> {
  constructor(
    private readonly discussions: DiscussionRepository,
    private readonly agents: AgentDefinitionsQueries,
    private readonly templates: AgentTemplatesService,
  ) {}

  async execute(command: OpenDiscussionCommand): Promise<DiscussionWritten> {
    const { context, settings } = command;
    const slugs = settings.agents ?? DEFAULT_PERSONAS;
    if (!settings.agents) await this.installMissingPersonas(command);
    const participants = await this.participants(context.tenantId, slugs);
    return this.discussions.handle(context, command.discussionId, {
      type: 'OpenDiscussion',
      discussionId: command.discussionId,
      organizationId: context.tenantId,
      goal: settings.goal,
      squadId: settings.squadId,
      participants,
      consensus: {
        rule: settings.consensus.rule,
        threshold:
          settings.consensus.rule === 'supermajority'
            ? (settings.consensus.threshold ?? DEFAULT_SUPERMAJORITY)
            : settings.consensus.rule === 'unanimity'
              ? 1
              : 0.5,
      },
      maxRounds: settings.maxRounds,
      speakerSelection: settings.speakerSelection,
      userQuestionTimeoutSeconds: settings.userQuestionTimeoutSeconds,
      onUnansweredQuestion: settings.onUnansweredQuestion,
      autoStart: settings.autoStart,
      by: context.actor,
      now: context.now,
    });
  }

  private async installMissingPersonas(command: OpenDiscussionCommand): Promise<void> {
    const present = await this.agents.currentOf(command.context.tenantId, DEFAULT_PERSONAS);
    const missing = DEFAULT_PERSONAS.filter((slug) => !present.some((agent) => agent.slug === slug));
    if (missing.length > 0) await this.templates.install(command.context, missing);
  }

  private async participants(tenantId: string, slugs: readonly string[]): Promise<Participant[]> {
    const found = await this.agents.currentOf(tenantId, slugs);
    const bySlug = new Map(found.map((agent) => [agent.slug, agent]));
    const unknown = [...new Set(slugs)].filter((slug) => !bySlug.has(slug));
    if (unknown.length > 0) throw new UnknownAgentsError(unknown);
    const deprecated = [...new Set(slugs)].filter((slug) => bySlug.get(slug)?.status === 'deprecated');
    if (deprecated.length > 0) throw new DeprecatedAgentsError(deprecated);
    // Duplicates stay in: the decider refuses them with the participant-count rule.
    return slugs.map((slug) => {
      const agent = bySlug.get(slug);
      if (!agent) throw new UnknownAgentsError([slug]);
      return { slug, version: agent.version, name: agent.name, role: agent.role, speaksFirst: agent.metadata.speaksFirst === true };
    });
  }
}
