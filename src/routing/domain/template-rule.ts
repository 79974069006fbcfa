import { IDENTIFIER, MAX_LEVEL, type RoutingRule } from './routing-rule.js';

/** A rule inside a template: role to role only, since a template is applied to squads whose members it cannot know. */
export interface TemplateRule {
  askerRole: string;
  questionType: string;
  level: number;
  responderRole: string;
  priority: number;
}

/** A template's rules as routing rules, with stable ids `<templateId>#<index>` so a chain can cite them. */
export function templateRulesAsRoutingRules(templateId: string, rules: readonly TemplateRule[]): RoutingRule[] {
  return rules.map((rule, index) => ({
    id: `${templateId}#${index}`,
    askerRole: rule.askerRole,
    questionType: rule.questionType,
    level: rule.level,
    responder: { kind: 'role', role: rule.responderRole },
    priority: rule.priority,
    active: true,
  }));
}

/** Why a template rule is malformed, or null. */
export function templateRuleProblem(rule: TemplateRule): string | null {
  if (!IDENTIFIER.test(rule.askerRole)) return `askerRole "${rule.askerRole}" must be a snake_case identifier`;
  if (!IDENTIFIER.test(rule.questionType)) return `questionType "${rule.questionType}" must be a snake_case identifier or "default"`;
  if (!IDENTIFIER.test(rule.responderRole)) return `responderRole "${rule.responderRole}" must be a snake_case identifier`;
  if (!Number.isInteger(rule.level) || rule.level < 0 || rule.level > MAX_LEVEL) return `level must be an integer from 0 to ${MAX_LEVEL}`;
  if (!Number.isInteger(rule.priority)) return 'priority must be an integer';
  return null;
}
