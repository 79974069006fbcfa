import type { Sql } from '../../platform/database/sql.js';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import { type RoutingEvent, routingEventTypes } from '../domain/routing.events.js';
import type { RoutingRule, RoutingScope } from '../domain/routing-rule.js';

interface UpsertRow {
  rule_id: string;
  tenant_id: string;
  squad_id: string | null;
  asker_role: string;
  question_type: string;
  level: number;
  responder_role: string | null;
  responder_member_id: string | null;
  priority: number;
  active: boolean;
  seq: number;
  stream_version: number;
  at: Date;
}

interface PatchRow {
  rule_id: string;
  active: boolean | null;
  deleted: boolean;
  stream_version: number;
  at: Date;
}

function upsertRow(event: RecordedEvent, scope: RoutingScope, rule: RoutingRule): UpsertRow {
  return {
    rule_id: rule.id,
    tenant_id: scope.organizationId,
    squad_id: scope.kind === 'squad' ? scope.squadId : null,
    asker_role: rule.askerRole,
    question_type: rule.questionType,
    level: rule.level,
    responder_role: rule.responder.kind === 'role' ? rule.responder.role : null,
    responder_member_id: rule.responder.kind === 'member' ? rule.responder.memberId : null,
    priority: rule.priority,
    active: rule.active,
    seq: event.position,
    stream_version: event.version,
    at: event.recordedAt,
  };
}

/**
 * The rules of every routing scope, for chain lookups and listings. Inline, so a rule written is a
 * rule routed. Consecutive events of one kind are written in one statement: a bulk create or an
 * applied template of hundreds of rules costs a couple of round trips, not hundreds.
 */
export class RoutingRulesProjection implements Projection<RoutingEvent> {
  readonly name = 'routing_rules';
  readonly mode = 'inline';
  readonly eventTypes = routingEventTypes;

  async apply(events: readonly Recorded<RoutingEvent>[], tx: Sql): Promise<void> {
    let upserts: UpsertRow[] = [];
    let patches: PatchRow[] = [];
    const flush = async () => {
      // A rebuild can hold several events of one rule in a run (created, later updated); Postgres
      // refuses to touch one row twice in a statement, so such runs are split, keeping order.
      for (const run of distinctRuns(upserts)) await this.upsert(run, tx);
      for (const run of distinctRuns(patches)) await this.patch(run, tx);
      upserts = [];
      patches = [];
    };
    for (const event of events) {
      const patch = { rule_id: '', active: null, deleted: false, stream_version: event.version, at: event.recordedAt };
      switch (event.type) {
        case 'RoutingRuleCreated':
        case 'RoutingRuleUpdated':
          if (patches.length > 0) await flush();
          upserts.push(upsertRow(event, event.data.scope, event.data.rule));
          break;
        case 'RoutingRuleActivated':
        case 'RoutingRuleDeactivated':
          if (upserts.length > 0) await flush();
          patches.push({ ...patch, rule_id: event.data.ruleId, active: event.type === 'RoutingRuleActivated' });
          break;
        case 'RoutingRuleDeleted':
          if (upserts.length > 0) await flush();
          patches.push({ ...patch, rule_id: event.data.ruleId, deleted: true });
          break;
        case 'RoutingTemplateApplied':
          break;
      }
    }
    await flush();
  }

  private async upsert(rows: UpsertRow[], tx: Sql): Promise<void> {
    // An update keeps the row's first `seq` and `created_at`: a rule's place in listings never moves.
    await tx.query(
      `INSERT INTO routing_rules (rule_id, tenant_id, squad_id, asker_role, question_type, level, responder_role, responder_member_id,
                                  priority, active, seq, stream_version, created_at, updated_at)
       SELECT r.rule_id, r.tenant_id, r.squad_id, r.asker_role, r.question_type, r.level, r.responder_role, r.responder_member_id,
              r.priority, r.active, r.seq, r.stream_version, r.at, r.at
         FROM jsonb_to_recordset($1::jsonb) AS r(rule_id text, tenant_id text, squad_id text, asker_role text, question_type text, level integer,
              responder_role text, responder_member_id text, priority integer, active boolean, seq bigint, stream_version integer, at timestamptz)
       ON CONFLICT (rule_id) DO UPDATE SET
              asker_role = excluded.asker_role, question_type = excluded.question_type, level = excluded.level,
              responder_role = excluded.responder_role, responder_member_id = excluded.responder_member_id,
              priority = excluded.priority, active = excluded.active, stream_version = excluded.stream_version, updated_at = excluded.updated_at
        WHERE routing_rules.stream_version < excluded.stream_version`,
      [JSON.stringify(rows)],
    );
  }

  private async patch(rows: PatchRow[], tx: Sql): Promise<void> {
    await tx.query(
      `UPDATE routing_rules AS t
          SET active = coalesce(p.active, t.active), deleted = t.deleted OR p.deleted, stream_version = p.stream_version, updated_at = p.at
         FROM jsonb_to_recordset($1::jsonb) AS p(rule_id text, active boolean, deleted boolean, stream_version integer, at timestamptz)
        WHERE t.rule_id = p.rule_id AND t.stream_version < p.stream_version`,
      [JSON.stringify(rows)],
    );
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM routing_rules');
  }
}

/** Splits rows into runs in which each rule id appears once, preserving order. */
function distinctRuns<Row extends { rule_id: string }>(rows: Row[]): Row[][] {
  if (rows.length === 0) return [];
  const runs: Row[][] = [[]];
  let seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.rule_id)) {
      runs.push([]);
      seen = new Set();
    }
    seen.add(row.rule_id);
    runs[runs.length - 1].push(row);
  }
  return runs;
}
