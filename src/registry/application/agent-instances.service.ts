import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import semver from 'semver';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { fold } from '../../platform/decider/decider.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import type { AgentInstanceCommand } from '../domain/agent-instance.commands.js';
import { agentInstanceDecider } from '../domain/agent-instance.decider.js';
import { AgentInstanceNotFoundError } from '../domain/agent-instance.errors.js';
import { agentInstanceStreamId } from '../domain/agent-instance.stream.js';
import { agentDefinitionDecider } from '../domain/agent-definition.decider.js';
import { AgentVersionNotFoundError } from '../domain/agent-definition.errors.js';
import type { AgentDefinitionEvent } from '../domain/agent-definition.events.js';
import { agentDefinitionStreamId } from '../domain/agent-definition.stream.js';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';

export interface InstanceChange {
  instanceId: string;
  lifecycle: 'active' | 'paused' | 'stopped';
}

/** Starts and steers agent instances. The definition is read from its stream, not a read model. */
@Injectable()
export class AgentInstancesService {
  constructor(private readonly store: EventStore) {}

  /** Starts an instance of `version`, or of the highest published version when none is given. */
  async start(context: CommandContext, slug: string, version?: string): Promise<InstanceChange> {
    const history = await this.store.readStream<AgentDefinitionEvent>(agentDefinitionStreamId(context.tenantId, slug));
    const definition = fold(agentDefinitionDecider, history);
    if (definition.kind !== 'registered') throw new NotFoundError('agent', slug);
    const published = Object.values(definition.versions)
      .filter((v) => v.status === 'published')
      .map((v) => v.spec.version);
    const chosen = version ?? semver.rsort(published)[0] ?? semver.rsort(Object.keys(definition.versions))[0];
    const target = chosen ? definition.versions[chosen] : undefined;
    if (!target) throw new AgentVersionNotFoundError(slug, version ?? '(any)');
    const instanceId = randomUUID();
    const command: AgentInstanceCommand = {
      type: 'StartAgentInstance',
      instanceId,
      spec: target.spec,
      status: target.status,
      now: new Date(context.now),
    };
    await handleCommand(this.store, agentInstanceStreamId(context.tenantId, instanceId), agentInstanceDecider, command, {
      metadata: metadataOf(context),
    });
    return { instanceId, lifecycle: 'active' };
  }

  pause(context: CommandContext, instanceId: string): Promise<InstanceChange> {
    return this.steer(context, instanceId, { type: 'PauseAgentInstance', now: new Date(context.now) });
  }

  resume(context: CommandContext, instanceId: string): Promise<InstanceChange> {
    return this.steer(context, instanceId, { type: 'ResumeAgentInstance', now: new Date(context.now) });
  }

  stop(context: CommandContext, instanceId: string): Promise<InstanceChange> {
    return this.steer(context, instanceId, { type: 'StopAgentInstance', now: new Date(context.now) });
  }

  private async steer(context: CommandContext, instanceId: string, command: AgentInstanceCommand): Promise<InstanceChange> {
    try {
      const { state } = await handleCommand(
        this.store,
        agentInstanceStreamId(context.tenantId, instanceId),
        agentInstanceDecider,
        command,
        {
          metadata: metadataOf(context),
        },
      );
      if (state.kind === 'none') throw new AgentInstanceNotFoundError(instanceId);
      return { instanceId, lifecycle: state.kind };
    } catch (error) {
      // The decider cannot know the id of an instance that does not exist; the caller does.
      if (error instanceof AgentInstanceNotFoundError) throw new AgentInstanceNotFoundError(instanceId);
      throw error;
    }
  }
}
