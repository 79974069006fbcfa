import type { Sql } from '../../platform/database/sql.js';
import { DEFAULT_QUESTION_TYPE, type RoutingRule } from '../domain/routing-rule.js';
import { type TemplateRule, templateRulesAsRoutingRules } from '../domain/template-rule.js';
import { RULE_COLUMNS, type RoutingRuleRow, ruleOf } from './routing-rule.row.js';

/** The three tiers chain resolution and validation work on. */
export interface TieredRules {
  squadRules: RoutingRule[];
  orgRules: RoutingRule[];
  templateRules: RoutingRule[];
}

type CandidateRow = RoutingRuleRow & { source: 'squad' | 'organization' | 'template' };

/**
 * Every rule that can take part in one chain, from all three tiers, in one round trip: the
 * squad's and the organization's rules for the asker role and the two question types that can
 * match, and the same slice of the organization's default template (ids `<templateId>#<index>`).
 */
export async function loadChainCandidates(
  sql: Sql,
  tenantId: string,
  squadId: string,
  askerRole: string,
  questionType: string,
): Promise<TieredRules> {
  const rows = await sql.query<CandidateRow>(
    `SELECT CASE WHEN squad_id IS NULL THEN 'organization' ELSE 'squad' END AS source, ${RULE_COLUMNS}
       FROM routing_rules
      WHERE tenant_id = $1 AND asker_role = $3 AND question_type = ANY($4::text[]) AND NOT deleted AND (squad_id = $2 OR squad_id IS NULL)
     UNION ALL
     SELECT 'template', t.template_id || '#' || (r.ord - 1), NULL, r.rule->>'askerRole', r.rule->>'questionType', (r.rule->>'level')::integer,
            r.rule->>'responderRole', NULL, (r.rule->>'priority')::integer, true, t.seq
       FROM routing_templates t CROSS JOIN LATERAL jsonb_array_elements(t.rules) WITH ORDINALITY AS r(rule, ord)
      WHERE t.tenant_id = $1 AND t.is_default AND NOT t.deleted AND r.rule->>'askerRole' = $3 AND r.rule->>'questionType' = ANY($4::text[])`,
    [tenantId, squadId, askerRole, [questionType, DEFAULT_QUESTION_TYPE]],
  );
  return tiered(rows);
}

/** All rules of a squad, of its organization and of the organization's default template: what validation checks. */
export async function loadSquadRouting(sql: Sql, tenantId: string, squadId: string): Promise<TieredRules> {
  const [rows, template] = await Promise.all([
    sql.query<CandidateRow>(
      `SELECT CASE WHEN squad_id IS NULL THEN 'organization' ELSE 'squad' END AS source, ${RULE_COLUMNS}
         FROM routing_rules WHERE tenant_id = $1 AND NOT deleted AND (squad_id = $2 OR squad_id IS NULL) ORDER BY seq`,
      [tenantId, squadId],
    ),
    loadDefaultTemplateRules(sql, tenantId),
  ]);
  return { ...tiered(rows), templateRules: template };
}

export async function loadDefaultTemplateRules(sql: Sql, tenantId: string): Promise<RoutingRule[]> {
  const [row] = await sql.query<{ template_id: string; rules: TemplateRule[] }>(
    'SELECT template_id, rules FROM routing_templates WHERE tenant_id = $1 AND is_default AND NOT deleted',
    [tenantId],
  );
  return row ? templateRulesAsRoutingRules(row.template_id, row.rules) : [];
}

function tiered(rows: CandidateRow[]): TieredRules {
  const result: TieredRules = { squadRules: [], orgRules: [], templateRules: [] };
  for (const row of rows) {
    const rule = ruleOf(row);
    if (row.source === 'squad') result.squadRules.push(rule);
    else if (row.source === 'organization') result.orgRules.push(rule);
    else result.templateRules.push(rule);
  }
  return result;
}
