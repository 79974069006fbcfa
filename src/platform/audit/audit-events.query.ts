import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../event-store/event-row.js';
import { Upcasters } from '../event-store/upcasters.js';
import { type Page, pageOf } from '../http/pagination.js';
import { ProblemError, problem } from '../http/problem.js';
import { type DeliveredEvent, toDelivered } from '../realtime/realtime.messages.js';

export interface EventLogFilter {
  streamId?: string;
  streamType?: string;
  type?: string;
  /** `kind:id` or an id. */
  actor?: string;
  correlationId?: string;
  from?: Date;
  to?: Date;
}

export interface PageRequest {
  after: number;
  limit: number;
}

const ACTOR_KINDS = new Set(['member', 'api_key', 'system']);

/** Events only below the horizon: a page never skips an event that commits later (see EventStore). */
const VISIBLE = `transaction_id < (SELECT event_store_horizon())`;

/** Reads an organization's stored events for audit: always filtered by tenant, secrets left out. */
@Injectable()
export class AuditEventsQuery {
  constructor(
    private readonly db: Database,
    private readonly upcasters: Upcasters,
  ) {}

  async log(tenantId: string, filter: EventLogFilter, page: PageRequest): Promise<Page<DeliveredEvent>> {
    const actor = parseActor(filter.actor);
    const rows = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE tenant_id = $1 AND position > $2 AND ${VISIBLE}
          AND ($4::text IS NULL OR stream_id = $4)
          AND ($5::text IS NULL OR stream_type = $5)
          AND ($6::text IS NULL OR type = $6)
          AND ($7::text IS NULL OR metadata->'actor'->>'kind' = $7)
          AND ($8::text IS NULL OR metadata->'actor'->>'id' = $8)
          AND ($9::text IS NULL OR metadata->>'correlationId' = $9)
          AND ($10::timestamptz IS NULL OR recorded_at >= $10)
          AND ($11::timestamptz IS NULL OR recorded_at < $11)
        ORDER BY position LIMIT $3`,
      [
        tenantId,
        page.after,
        page.limit + 1,
        filter.streamId ?? null,
        filter.streamType ?? null,
        filter.type ?? null,
        actor?.kind ?? null,
        actor?.id ?? null,
        filter.correlationId ?? null,
        filter.from ?? null,
        filter.to ?? null,
      ],
    );
    return this.pageOf(rows, page.limit);
  }

  /** The stream's events (up to `asOf` when given); 404 when the organization has no such stream. */
  async stream(tenantId: string, streamId: string, asOf: number | undefined, page: PageRequest): Promise<Page<DeliveredEvent>> {
    const rows = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE tenant_id = $1 AND stream_id = $2 AND position > $3 AND ($5::bigint IS NULL OR position <= $5) AND ${VISIBLE}
        ORDER BY position LIMIT $4`,
      [tenantId, streamId, page.after, page.limit + 1, asOf ?? null],
    );
    if (rows.length === 0) {
      // Another organization's stream is answered exactly like a stream that does not exist.
      const [exists] = await this.db.query('SELECT 1 FROM events WHERE tenant_id = $1 AND stream_id = $2 LIMIT 1', [tenantId, streamId]);
      if (!exists) throw new ProblemError(problem('not-found', `stream ${streamId} not found`));
    }
    return this.pageOf(rows, page.limit);
  }

  private pageOf(rows: readonly EventRow[], limit: number): Page<DeliveredEvent> {
    return pageOf(
      rows,
      limit,
      (row) => Number(row.position),
      (row) => toDelivered(this.upcasters.upcast(toRecordedEvent(row))),
    );
  }
}

function parseActor(actor: string | undefined): { kind?: string; id: string } | undefined {
  if (actor === undefined) return undefined;
  const colon = actor.indexOf(':');
  const kind = colon > 0 ? actor.slice(0, colon) : '';
  return ACTOR_KINDS.has(kind) ? { kind, id: actor.slice(colon + 1) } : { id: actor };
}
