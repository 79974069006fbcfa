import type { AgentInstanceEvent } from './agent-instance.events.js';

export type AgentInstanceState =
  { kind: 'none' } | { kind: 'active' | 'paused' | 'stopped'; instanceId: string; slug: string; version: string };

export function initialAgentInstanceState(): AgentInstanceState {
  return { kind: 'none' };
}

export function evolveAgentInstance(state: AgentInstanceState, event: AgentInstanceEvent): AgentInstanceState {
  switch (event.type) {
    case 'AgentInstanceStarted': {
      const { instanceId, slug, version } = event.data;
      return { kind: 'active', instanceId, slug, version };
    }
    case 'AgentInstancePaused':
      return state.kind === 'none' ? state : { ...state, kind: 'paused' };
    case 'AgentInstanceResumed':
      return state.kind === 'none' ? state : { ...state, kind: 'active' };
    case 'AgentInstanceStopped':
      return state.kind === 'none' ? state : { ...state, kind: 'stopped' };
  }
}
