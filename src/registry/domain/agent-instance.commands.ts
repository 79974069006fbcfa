import type { AgentSpec } from './agent-spec.js';
import type { AgentVersionStatus } from './agent-definition.state.js';

/** The handler resolves the definition and passes its status, so the rule lives in the decider. */
export interface StartAgentInstance {
  type: 'StartAgentInstance';
  instanceId: string;
  spec: AgentSpec;
  status: AgentVersionStatus;
  now: Date;
}

export interface PauseAgentInstance {
  type: 'PauseAgentInstance';
  now: Date;
}

export interface ResumeAgentInstance {
  type: 'ResumeAgentInstance';
  now: Date;
}

export interface StopAgentInstance {
  type: 'StopAgentInstance';
  now: Date;
}

export type AgentInstanceCommand = StartAgentInstance | PauseAgentInstance | ResumeAgentInstance | StopAgentInstance;
