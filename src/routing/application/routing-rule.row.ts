import type { RoutingRule } from '../domain/routing-rule.js';

/** A routing_rules row as the queries select it. */
export interface RoutingRuleRow {
  rule_id: string;
  squad_id: string | null;
  asker_role: string;
  question_type: string;
  level: number;
  responder_role: string | null;
  responder_member_id: string | null;
  priority: number;
  active: boolean;
  seq: string;
}

export const RULE_COLUMNS =
  'rule_id, squad_id, asker_role, question_type, level, responder_role, responder_member_id, priority, active, seq';

export function ruleOf(row: RoutingRuleRow): RoutingRule {
  return {
    id: row.rule_id,
    askerRole: row.asker_role,
    questionType: row.question_type,
    level: row.level,
    responder:
      row.responder_member_id !== null
        ? { kind: 'member', memberId: row.responder_member_id }
        : { kind: 'role', role: row.responder_role ?? '' },
    priority: row.priority,
    active: row.active,
  };
}
