import { Injectable } from '@nestjs/common';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { AgentSpec } from '../domain/agent-spec.js';
import { parseAgentSpec } from '../domain/agent-spec.schema.js';
import type { AgentDefinitionCommand } from '../domain/agent-definition.commands.js';
import { agentDefinitionDecider } from '../domain/agent-definition.decider.js';
import type { AgentVersionState } from '../domain/agent-definition.state.js';
import { agentDefinitionStreamId } from '../domain/agent-definition.stream.js';
import { importAgentYaml } from '../domain/agent-yaml.js';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';

export interface AgentVersionChange {
  slug: string;
  version: string;
  status: AgentVersionState['status'] | 'deleted';
  /** Version of the agent's stream after the command: the ETag for If-Match. */
  streamVersion: number;
}

/** Commands on agent definitions: validate, then load → decide → append through the decider. */
@Injectable()
export class AgentDefinitionsService {
  constructor(private readonly store: EventStore) {}

  /** Registers a new draft version from an untrusted document (request body). */
  register(context: CommandContext, document: unknown, expectedVersion?: number): Promise<AgentVersionChange> {
    return this.registerSpec(context, parseAgentSpec(document), expectedVersion);
  }

  /** Registers a new draft version from YAML text. */
  importYaml(context: CommandContext, yaml: string): Promise<AgentVersionChange> {
    return this.registerSpec(context, importAgentYaml(yaml));
  }

  registerSpec(context: CommandContext, spec: AgentSpec, expectedVersion?: number): Promise<AgentVersionChange> {
    return this.run(context, spec.slug, spec.version, { type: 'RegisterAgentVersion', spec, now: new Date(context.now) }, expectedVersion);
  }

  publish(context: CommandContext, slug: string, version: string, expectedVersion?: number): Promise<AgentVersionChange> {
    return this.run(context, slug, version, { type: 'PublishAgentVersion', slug, version, now: new Date(context.now) }, expectedVersion);
  }

  deprecate(
    context: CommandContext,
    slug: string,
    version: string,
    reason: string | null,
    expectedVersion?: number,
  ): Promise<AgentVersionChange> {
    return this.run(
      context,
      slug,
      version,
      { type: 'DeprecateAgentVersion', slug, version, reason, now: new Date(context.now) },
      expectedVersion,
    );
  }

  deleteDraft(context: CommandContext, slug: string, version: string, expectedVersion?: number): Promise<AgentVersionChange> {
    return this.run(context, slug, version, { type: 'DeleteAgentDraft', slug, version, now: new Date(context.now) }, expectedVersion);
  }

  private async run(
    context: CommandContext,
    slug: string,
    version: string,
    command: AgentDefinitionCommand,
    expectedVersion: number | undefined,
  ): Promise<AgentVersionChange> {
    const streamId = agentDefinitionStreamId(context.tenantId, slug);
    const handled = await handleCommand(this.store, streamId, agentDefinitionDecider, command, {
      metadata: metadataOf(context),
      expectedVersion,
    });
    const after = handled.state.kind === 'registered' ? handled.state.versions[version] : undefined;
    return { slug, version, status: after?.status ?? 'deleted', streamVersion: handled.version };
  }
}
