import type { AgentSpec } from './agent-spec.js';

export interface RegisterAgentVersion {
  type: 'RegisterAgentVersion';
  spec: AgentSpec;
  now: Date;
}

export interface PublishAgentVersion {
  type: 'PublishAgentVersion';
  slug: string;
  version: string;
  now: Date;
}

export interface DeprecateAgentVersion {
  type: 'DeprecateAgentVersion';
  slug: string;
  version: string;
  reason: string | null;
  now: Date;
}

export interface DeleteAgentDraft {
  type: 'DeleteAgentDraft';
  slug: string;
  version: string;
  now: Date;
}

export type AgentDefinitionCommand = RegisterAgentVersion | PublishAgentVersion | DeprecateAgentVersion | DeleteAgentDraft;
