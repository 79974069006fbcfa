import { resolveChain } from './chain-resolver.js';
import type { ChainMember, ResolvedChain } from './chain.types.js';
import { DEFAULT_QUESTION_TYPE, type RoutingRule, describeResponder, responderKey } from './routing-rule.js';

export type RoutingIssueCode =
  'missing_first_contact' | 'unstaffed_responder' | 'self_routing' | 'cycle' | 'level_gap' | 'conflicting_rules' | 'unreachable_level';

export interface RoutingIssue {
  code: RoutingIssueCode;
  /** error: questions will go wrong; warning: something is probably unintended. */
  severity: 'error' | 'warning';
  message: string;
  askerRole?: string;
  questionType?: string;
  level?: number;
  ruleIds: string[];
}

export interface RoutingValidation {
  valid: boolean;
  issues: RoutingIssue[];
}

export interface ValidationContext {
  /** Lower tiers the squad inherits from; they take part in the chains that are checked. */
  orgRules?: readonly RoutingRule[];
  templateRules?: readonly RoutingRule[];
  maxLevel?: number;
}

const SEVERITY: Record<RoutingIssueCode, RoutingIssue['severity']> = {
  missing_first_contact: 'error',
  unstaffed_responder: 'warning',
  self_routing: 'error',
  cycle: 'error',
  level_gap: 'warning',
  conflicting_rules: 'error',
  unreachable_level: 'warning',
};

type Found = Omit<RoutingIssue, 'severity'>;

/** Two active rules of the set in the same slot at the same priority: only the rule id separates them. */
function conflicts(rules: readonly RoutingRule[]): Found[] {
  const slots = new Map<string, RoutingRule[]>();
  for (const rule of rules.filter((candidate) => candidate.active)) {
    const key = `${rule.askerRole}|${rule.questionType}|${rule.level}|${rule.priority}`;
    slots.set(key, [...(slots.get(key) ?? []), rule]);
  }
  return [...slots.values()]
    .filter((tied) => tied.length > 1)
    .map(([first, ...others]) => ({
      code: 'conflicting_rules',
      message: `${others.length + 1} active rules route ${first.askerRole} "${first.questionType}" questions at level ${first.level} with the same priority ${first.priority}`,
      askerRole: first.askerRole,
      questionType: first.questionType,
      level: first.level,
      ruleIds: [first, ...others].map((rule) => rule.id),
    }));
}

/** What is wrong with one resolved chain. */
function chainProblems(chain: ResolvedChain, roleIsStaffed: boolean): Found[] {
  const found: Found[] = [];
  const { askerRole, questionType, levels } = chain;
  const where = { askerRole, questionType };
  const first = levels[0];
  if (roleIsStaffed && questionType === DEFAULT_QUESTION_TYPE && first?.level !== 0) {
    found.push({
      ...where,
      code: 'missing_first_contact',
      level: 0,
      message: `members with role ${askerRole} have nobody to ask first: no active level-0 rule`,
      ruleIds: [],
    });
  } else if (first && first.level !== 0) {
    found.push({
      ...where,
      code: 'level_gap',
      level: 0,
      message: `the chain for ${askerRole} "${questionType}" questions starts at level ${first.level}, not 0`,
      ruleIds: [first.rule.id],
    });
  }
  const seen = new Map<string, number>();
  levels.forEach((entry, index) => {
    const { rule } = entry;
    const previous = levels[index - 1];
    if (previous && entry.level !== previous.level + 1) {
      const missing =
        entry.level === previous.level + 2 ? `level ${previous.level + 1} is` : `levels ${previous.level + 1}–${entry.level - 1} are`;
      found.push({
        ...where,
        code: 'level_gap',
        level: entry.level,
        message: `the chain for ${askerRole} "${questionType}" questions jumps from level ${previous.level} to ${entry.level}: ${missing} missing`,
        ruleIds: [previous.rule.id, rule.id],
      });
    }
    if (rule.responder.kind === 'role' && rule.responder.role === askerRole) {
      found.push({
        ...where,
        code: 'self_routing',
        level: entry.level,
        message: `rule ${rule.id} routes ${askerRole} questions back to role ${askerRole}`,
        ruleIds: [rule.id],
      });
    }
    if (entry.responders.length === 0) {
      found.push({
        ...where,
        code: 'unstaffed_responder',
        level: entry.level,
        message: `rule ${rule.id} routes to ${describeResponder(rule.responder)}, which no member of the squad is`,
        ruleIds: [rule.id],
      });
    }
    const key = responderKey(rule.responder);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      found.push({
        ...where,
        code: 'cycle',
        level: entry.level,
        message: `the chain for ${askerRole} "${questionType}" questions returns to ${describeResponder(rule.responder)} at level ${entry.level} after level ${levels[earlier].level}`,
        ruleIds: [levels[earlier].rule.id, rule.id],
      });
    } else {
      seen.set(key, index);
    }
  });
  for (const level of chain.beyondMaxLevel) {
    found.push({
      ...where,
      code: 'unreachable_level',
      level,
      message: `level ${level} of the chain for ${askerRole} "${questionType}" questions lies above the squad's maximum level`,
      ruleIds: [],
    });
  }
  return found;
}

/**
 * Checks a squad's routing as conversations will experience it: every chain that can be asked for
 * (each asker role with `default` and each specific question type it has rules for) is resolved
 * with the same resolver conversations use, then inspected. A default rule shared by several chains
 * is reported once.
 */
export function validateRouting(
  rules: readonly RoutingRule[],
  members: readonly ChainMember[],
  context: ValidationContext = {},
): RoutingValidation {
  const orgRules = context.orgRules ?? [];
  const templateRules = context.templateRules ?? [];
  const all = [...rules, ...orgRules, ...templateRules];
  const staffedRoles = new Set(members.map((member) => member.role));
  const askerRoles = [...new Set([...staffedRoles, ...all.map((rule) => rule.askerRole)])].sort();
  const found: Found[] = conflicts(rules);
  for (const askerRole of askerRoles) {
    const types = new Set(all.filter((rule) => rule.askerRole === askerRole).map((rule) => rule.questionType));
    types.add(DEFAULT_QUESTION_TYPE);
    for (const questionType of [...types].sort()) {
      const chain = resolveChain({
        squadRules: rules,
        orgRules,
        templateRules,
        members,
        askerRole,
        questionType,
        maxLevel: context.maxLevel,
      });
      found.push(...chainProblems(chain, staffedRoles.has(askerRole)));
    }
  }
  const unique = new Map<string, RoutingIssue>();
  for (const issue of found) {
    // A rule-level problem (self routing, unstaffed) repeats in every chain that inherits the rule.
    const key =
      issue.ruleIds.length > 0 && (issue.code === 'self_routing' || issue.code === 'unstaffed_responder')
        ? `${issue.code}|${issue.ruleIds.join(',')}`
        : `${issue.code}|${issue.askerRole}|${issue.questionType}|${issue.level}|${issue.ruleIds.join(',')}`;
    if (!unique.has(key)) unique.set(key, { ...issue, severity: SEVERITY[issue.code] });
  }
  const issues = [...unique.values()];
  return { valid: issues.every((issue) => issue.severity !== 'error'), issues };
}
