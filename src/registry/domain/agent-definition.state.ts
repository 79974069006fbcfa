import type { AgentSpec } from './agent-spec.js';
import type { AgentDefinitionEvent } from './agent-definition.events.js';

export type AgentVersionStatus = 'draft' | 'published' | 'deprecated';

export interface AgentVersionState {
  spec: AgentSpec;
  status: AgentVersionStatus;
}

export type AgentDefinitionState =
  | { kind: 'unregistered' }
  /** `versions` is keyed by version string; deleted drafts are gone from it. */
  | { kind: 'registered'; slug: string; versions: Readonly<Record<string, AgentVersionState>> };

export function initialAgentDefinitionState(): AgentDefinitionState {
  return { kind: 'unregistered' };
}

export function evolveAgentDefinition(state: AgentDefinitionState, event: AgentDefinitionEvent): AgentDefinitionState {
  const versions = state.kind === 'registered' ? state.versions : {};
  switch (event.type) {
    case 'AgentVersionRegistered': {
      const { spec } = event.data;
      return { kind: 'registered', slug: spec.slug, versions: { ...versions, [spec.version]: { spec, status: 'draft' } } };
    }
    case 'AgentVersionPublished':
      return withStatus(state, event.data.version, 'published');
    case 'AgentVersionDeprecated':
      return withStatus(state, event.data.version, 'deprecated');
    case 'AgentDraftDeleted': {
      if (state.kind !== 'registered') return state;
      const { [event.data.version]: _deleted, ...rest } = state.versions;
      return { ...state, versions: rest };
    }
  }
}

function withStatus(state: AgentDefinitionState, version: string, status: AgentVersionStatus): AgentDefinitionState {
  if (state.kind !== 'registered' || !state.versions[version]) return state;
  return { ...state, versions: { ...state.versions, [version]: { ...state.versions[version], status } } };
}
