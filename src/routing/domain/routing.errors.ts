import { DomainError, NotFoundError } from '../../platform/decider/decider.js';

export class RoutingRuleNotFoundError extends NotFoundError {
  constructor(ruleId: string) {
    super('routing rule', ruleId);
  }
}

export class InvalidRoutingRuleError extends DomainError {
  constructor(
    message: string,
    readonly ruleId?: string,
  ) {
    super('invalid_routing_rule', ruleId ? `rule ${ruleId}: ${message}` : message);
  }
}

export class DuplicateRoutingRuleError extends DomainError {
  constructor(ruleId: string, existingId: string) {
    super('duplicate_routing_rule', `rule ${ruleId} repeats rule ${existingId} (same asker role, question type, level and responder)`);
  }
}

export class RoutingRuleIdTakenError extends DomainError {
  constructor(ruleId: string) {
    super('routing_rule_id_taken', `a routing rule with id ${ruleId} already exists`);
  }
}

export class RoutingRuleLimitError extends DomainError {
  constructor(limit: number) {
    super('routing_rule_limit', `a routing scope holds at most ${limit} rules`);
  }
}

export class UnknownSquadMemberError extends DomainError {
  constructor(memberId: string) {
    super('unknown_squad_member', `member ${memberId} is not in the squad`);
  }
}

export class BuiltInTemplateError extends DomainError {
  constructor(templateId: string) {
    super('built_in_template', `template ${templateId} ships with the product and cannot be changed`);
  }
}
