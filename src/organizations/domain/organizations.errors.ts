import { DomainError } from '../../platform/decider/decider.js';

export class AlreadyExistsError extends DomainError {
  constructor(what: string, id: string) {
    super('already_exists', `${what} ${id} already exists`);
  }
}

export class MemberAlreadyInSquadError extends DomainError {
  constructor(memberId: string) {
    super('member_already_in_squad', `member ${memberId} is already in the squad`);
  }
}

export class AgentSlugOnHumanError extends DomainError {
  constructor() {
    super('agent_slug_on_human', 'only an agent member can run a registry agent (agentSlug)');
  }
}

export class AgentKeyNeedsAgentMemberError extends DomainError {
  constructor() {
    super('agent_key_needs_agent_member', 'an agent key acts as one agent member: memberId must name an agent member');
  }
}

export class ApiKeyRevokedError extends DomainError {
  constructor(keyId: string) {
    super('api_key_revoked', `API key ${keyId} is revoked`);
  }
}

export class NothingToChangeError extends DomainError {
  constructor() {
    super('nothing_to_change', 'the request changes nothing');
  }
}
