import { deciderSpec } from '../../../test/support/decider-spec.js';
import { agentSpec } from '../../../test/registry/agent-spec.fixture.js';
import { agentInstanceDecider } from './agent-instance.decider.js';
import { AgentInstanceNotFoundError, AgentInstanceStoppedError, AgentNotPublishedError } from './agent-instance.errors.js';
import type { AgentInstanceEvent } from './agent-instance.events.js';

const now = new Date('2025-11-22T10:00:00.000Z');
const at = now.toISOString();
const spec = agentSpec();
const instance = deciderSpec(agentInstanceDecider);
const started: AgentInstanceEvent = {
  type: 'AgentInstanceStarted',
  data: { instanceId: 'i-1', slug: 'qa-manager', version: '1.0.0', triggers: spec.triggers, priority: 'HIGH', startedAt: at },
};
const paused: AgentInstanceEvent = { type: 'AgentInstancePaused', data: { instanceId: 'i-1', pausedAt: at } };
const stopped: AgentInstanceEvent = { type: 'AgentInstanceStopped', data: { instanceId: 'i-1', stoppedAt: at } };
const start = (status: 'draft' | 'published' | 'deprecated') =>
  ({ type: 'StartAgentInstance', instanceId: 'i-1', spec, status, now }) as const;

describe('agent instance decider', () => {
  it('starts an instance of a published version, copying its triggers', () => {
    instance.given([]).when(start('published')).then([started]);
  });

  it.each(['draft', 'deprecated'] as const)('refuses to start a %s version', (status) => {
    instance
      .given([])
      .when(start(status))
      .thenThrows(AgentNotPublishedError, new RegExp(`is ${status}`));
  });

  it('ignores a repeated start', () => {
    instance.given([started]).when(start('published')).thenNothingHappened();
  });

  it('pauses, resumes and stops', () => {
    instance.given([started]).when({ type: 'PauseAgentInstance', now }).then([paused]);
    instance
      .given([started, paused])
      .when({ type: 'ResumeAgentInstance', now })
      .then([{ type: 'AgentInstanceResumed', data: { instanceId: 'i-1', resumedAt: at } }]);
    instance.given([started, paused]).when({ type: 'StopAgentInstance', now }).then([stopped]);
  });

  it('treats commands whose effect already holds as done', () => {
    instance.given([started, paused]).when({ type: 'PauseAgentInstance', now }).thenNothingHappened();
    instance.given([started]).when({ type: 'ResumeAgentInstance', now }).thenNothingHappened();
    instance.given([started, stopped]).when({ type: 'StopAgentInstance', now }).thenNothingHappened();
  });

  it('refuses to pause or resume a stopped instance', () => {
    instance.given([started, stopped]).when({ type: 'PauseAgentInstance', now }).thenThrows(AgentInstanceStoppedError);
    instance.given([started, stopped]).when({ type: 'ResumeAgentInstance', now }).thenThrows(AgentInstanceStoppedError);
  });

  it('refuses commands for an instance that was never started', () => {
    instance.given([]).when({ type: 'StopAgentInstance', now }).thenThrows(AgentInstanceNotFoundError);
  });
});
