/** A question type every asker can fall back to when no rule names the specific type. */
export const DEFAULT_QUESTION_TYPE = 'default';

/** Escalation levels run 0 (first contact) … MAX_LEVEL; deeper chains are a configuration mistake. */
export const MAX_LEVEL = 20;

/** Who answers at a level: everyone in the squad holding a role, or one named member. */
export type Responder = { kind: 'role'; role: string } | { kind: 'member'; memberId: string };

/** Rules live either on one squad or on the whole organization (a fallback for all its squads). */
export type RoutingScope = { kind: 'squad'; organizationId: string; squadId: string } | { kind: 'organization'; organizationId: string };

export interface RoutingRuleSpec {
  askerRole: string;
  /** A specific question type (e.g. `architecture`) or `default`. */
  questionType: string;
  /** 0 = first contact, 1 = first escalation, … */
  level: number;
  responder: Responder;
  /** Breaks ties between rules of the same scope, asker role, question type and level: higher wins. */
  priority: number;
  active: boolean;
}

export interface RoutingRule extends RoutingRuleSpec {
  id: string;
}

/** Roles and question types are snake_case identifiers, so they compare exactly and read well in URLs. */
export const IDENTIFIER = /^[a-z][a-z0-9_]{0,63}$/;

export function responderKey(responder: Responder): string {
  return responder.kind === 'role' ? `role:${responder.role}` : `member:${responder.memberId}`;
}

export function describeResponder(responder: Responder): string {
  return responder.kind === 'role' ? `role ${responder.role}` : `member ${responder.memberId}`;
}

/** Two rules with the same key compete for the same slot of the same chain. */
export function slotKey(rule: Pick<RoutingRuleSpec, 'askerRole' | 'questionType' | 'level'>): string {
  return `${rule.askerRole}|${rule.questionType}|${rule.level}`;
}

export function sameScope(a: RoutingScope, b: RoutingScope): boolean {
  if (a.kind !== b.kind || a.organizationId !== b.organizationId) return false;
  return a.kind === 'organization' || (b.kind === 'squad' && a.squadId === b.squadId);
}

/** Why a rule specification is malformed, or null when it is well formed. */
export function ruleSpecProblem(spec: RoutingRuleSpec, scope: RoutingScope['kind']): string | null {
  if (!IDENTIFIER.test(spec.askerRole)) return `askerRole "${spec.askerRole}" must be a snake_case identifier`;
  if (!IDENTIFIER.test(spec.questionType)) return `questionType "${spec.questionType}" must be a snake_case identifier or "default"`;
  if (!Number.isInteger(spec.level) || spec.level < 0 || spec.level > MAX_LEVEL) return `level must be an integer from 0 to ${MAX_LEVEL}`;
  if (!Number.isInteger(spec.priority) || Math.abs(spec.priority) > 1_000_000)
    return 'priority must be an integer from -1000000 to 1000000';
  if (spec.responder.kind === 'role' && !IDENTIFIER.test(spec.responder.role))
    return `responder role "${spec.responder.role}" must be a snake_case identifier`;
  if (spec.responder.kind === 'member') {
    if (spec.responder.memberId.length === 0) return 'responder memberId must not be empty';
    // Members belong to squads; an organization-wide rule cannot know which squad's member is meant.
    if (scope === 'organization') return 'organization rules route to a role, not to a specific member';
  }
  return null;
}
