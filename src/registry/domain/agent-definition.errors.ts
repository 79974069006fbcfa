import { DomainError, NotFoundError } from '../../platform/decider/decider.js';

export class InvalidAgentVersionError extends DomainError {
  constructor(version: string) {
    super('agent_version_invalid', `"${version}" is not a semantic version like 1.2.0`);
  }
}

export class DuplicateAgentVersionError extends DomainError {
  constructor(slug: string, version: string) {
    super('agent_version_exists', `agent ${slug} already has version ${version}; register a new version instead`);
  }
}

export class AgentVersionNotFoundError extends NotFoundError {
  constructor(slug: string, version: string) {
    super('agent version', `${slug}@${version}`);
  }
}

export class AgentVersionDeprecatedError extends DomainError {
  constructor(slug: string, version: string) {
    super('agent_version_deprecated', `agent ${slug}@${version} is deprecated and cannot be published again`);
  }
}

export class AgentVersionNotPublishedError extends DomainError {
  constructor(slug: string, version: string) {
    super('agent_version_not_published', `agent ${slug}@${version} is a draft: delete it instead of deprecating it`);
  }
}

export class AgentVersionNotDraftError extends DomainError {
  constructor(slug: string, version: string, status: string) {
    super('agent_version_not_draft', `agent ${slug}@${version} is ${status}; only drafts can be deleted`);
  }
}

export class AgentSlugMismatchError extends DomainError {
  constructor(expected: string, actual: string) {
    super('agent_slug_mismatch', `this stream holds agent ${expected}, not ${actual}`);
  }
}
