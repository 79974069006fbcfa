import { DomainError, NotFoundError } from '../../platform/decider/decider.js';

export class AgentNotPublishedError extends DomainError {
  constructor(slug: string, version: string, status: string) {
    super('agent_not_published', `agent ${slug}@${version} is ${status}; only a published version can be started`);
  }
}

export class AgentInstanceNotFoundError extends NotFoundError {
  constructor(instanceId: string) {
    super('agent instance', instanceId);
  }
}

export class AgentInstanceStoppedError extends DomainError {
  constructor(instanceId: string) {
    super('agent_instance_stopped', `agent instance ${instanceId} is stopped; start a new one`);
  }
}
