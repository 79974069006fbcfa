import type { Decider } from '../../platform/decider/decider.js';
import type { AgentInstanceCommand } from './agent-instance.commands.js';
import { AgentInstanceNotFoundError, AgentInstanceStoppedError, AgentNotPublishedError } from './agent-instance.errors.js';
import type { AgentInstanceEvent } from './agent-instance.events.js';
import { type AgentInstanceState, evolveAgentInstance, initialAgentInstanceState } from './agent-instance.state.js';

/**
 * A running copy of one published agent version. Active instances receive matching events;
 * paused ones do not until resumed; a stopped instance is final. Repeating a command whose
 * effect already holds changes nothing, so retries are safe.
 */
export function decideAgentInstance(command: AgentInstanceCommand, state: AgentInstanceState): AgentInstanceEvent[] {
  const at = command.now.toISOString();
  if (command.type === 'StartAgentInstance') {
    if (state.kind !== 'none') return [];
    const { spec, status, instanceId } = command;
    if (status !== 'published') throw new AgentNotPublishedError(spec.slug, spec.version, status);
    const data = { instanceId, slug: spec.slug, version: spec.version, triggers: spec.triggers, priority: spec.priority, startedAt: at };
    return [{ type: 'AgentInstanceStarted', data }];
  }
  if (state.kind === 'none') throw new AgentInstanceNotFoundError('(unknown)');
  const { instanceId } = state;
  switch (command.type) {
    case 'PauseAgentInstance':
      if (state.kind === 'stopped') throw new AgentInstanceStoppedError(instanceId);
      return state.kind === 'paused' ? [] : [{ type: 'AgentInstancePaused', data: { instanceId, pausedAt: at } }];
    case 'ResumeAgentInstance':
      if (state.kind === 'stopped') throw new AgentInstanceStoppedError(instanceId);
      return state.kind === 'active' ? [] : [{ type: 'AgentInstanceResumed', data: { instanceId, resumedAt: at } }];
    case 'StopAgentInstance':
      return state.kind === 'stopped' ? [] : [{ type: 'AgentInstanceStopped', data: { instanceId, stoppedAt: at } }];
  }
}

export const agentInstanceDecider: Decider<AgentInstanceState, AgentInstanceCommand, AgentInstanceEvent> = {
  initialState: initialAgentInstanceState,
  evolve: evolveAgentInstance,
  decide: decideAgentInstance,
};
