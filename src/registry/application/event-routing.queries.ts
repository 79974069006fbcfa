import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { type Page, pageOf } from '../../platform/http/pagination.js';
import type { JsonObject } from '../domain/json.js';

export interface RoutingStats {
  received: number;
  routed: number;
  unhandled: number;
  executions: { pending: number; succeeded: number; failed: number };
  byType: { eventType: string; received: number; routed: number; unhandled: number; lastReceivedAt: string }[];
}

export interface IntakeEventView {
  eventId: string;
  eventType: string;
  priority: string;
  payload: JsonObject;
  routedCount: number;
  receivedAt: string;
}

interface IntakeRow {
  event_id: string;
  event_type: string;
  priority: string;
  payload: JsonObject;
  routed_count: number;
  received_at: Date;
  position: string;
}

/** Statistics and listings of the event intake, from its read model. */
@Injectable()
export class EventRoutingQueries {
  constructor(private readonly db: Database) {}

  async stats(tenantId: string): Promise<RoutingStats> {
    const byType = await this.db.query<{ event_type: string; received: number; routed: number; unhandled: number; last_received_at: Date }>(
      `SELECT event_type, count(*)::int AS received, count(*) FILTER (WHERE routed_count > 0)::int AS routed,
              count(*) FILTER (WHERE routed_count = 0)::int AS unhandled, max(received_at) AS last_received_at
         FROM registry_intake_events WHERE tenant_id = $1 GROUP BY event_type ORDER BY received DESC, event_type`,
      [tenantId],
    );
    const [executions] = await this.db.query<{ pending: number; succeeded: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM registry_executions WHERE tenant_id = $1`,
      [tenantId],
    );
    const sum = (pick: (row: (typeof byType)[number]) => number) => byType.reduce((total, row) => total + pick(row), 0);
    return {
      received: sum((row) => row.received),
      routed: sum((row) => row.routed),
      unhandled: sum((row) => row.unhandled),
      executions,
      byType: byType.map((row) => ({
        eventType: row.event_type,
        received: row.received,
        routed: row.routed,
        unhandled: row.unhandled,
        lastReceivedAt: row.last_received_at.toISOString(),
      })),
    };
  }

  /** Received events in arrival order; `unhandled` true: those no instance matched, false: those routed to one. */
  async events(
    tenantId: string,
    filter: { unhandled?: boolean; eventType?: string; after: number; limit: number },
  ): Promise<Page<IntakeEventView>> {
    const rows = await this.db.query<IntakeRow>(
      `SELECT event_id, event_type, priority, payload, routed_count, received_at, position FROM registry_intake_events
        WHERE tenant_id = $1 AND position > $2 AND ($3::boolean IS NULL OR (routed_count = 0) = $3) AND ($4::text IS NULL OR event_type = $4)
        ORDER BY position LIMIT $5`,
      [tenantId, filter.after, filter.unhandled ?? null, filter.eventType ?? null, filter.limit + 1],
    );
    return pageOf(
      rows,
      filter.limit,
      (row) => Number(row.position),
      (row) => ({
        eventId: row.event_id,
        eventType: row.event_type,
        priority: row.priority,
        payload: row.payload,
        routedCount: row.routed_count,
        receivedAt: row.received_at.toISOString(),
      }),
    );
  }
}
