import type { Sql } from '../../platform/database/sql.js';
import { PerEventProjection, type Recorded } from '../../platform/projections/projection.js';
import type { AgentExecutionEvent } from '../domain/agent-execution.events.js';
import type { ExternalEventReceived } from '../domain/event-intake.events.js';
import { priorityRank } from '../domain/priority.js';
import { tenantOf } from './tenant-of.js';

/**
 * The intake log and the execution queue, inline: an accepted event's executions are claimable
 * as soon as the append commits, and a restart finds every pending one in the table. Queue order
 * is (priority rank, position of the intake event, index within it) — priority, then arrival.
 */
export class ExecutionQueueProjection extends PerEventProjection<ExternalEventReceived | AgentExecutionEvent> {
  readonly name = 'registry.execution_queue';
  readonly mode = 'inline';
  readonly eventTypes = ['ExternalEventReceived', 'AgentExecutionSucceeded', 'AgentExecutionFailed'] as const;

  protected async applyEvent(event: Recorded<ExternalEventReceived | AgentExecutionEvent>, tx: Sql): Promise<void> {
    const tenantId = tenantOf(event);
    if (event.type === 'ExternalEventReceived') await this.received(tx, tenantId, event, event.position);
    else await this.finished(tx, tenantId, event);
  }

  private async received(tx: Sql, tenantId: string, event: ExternalEventReceived, position: number): Promise<void> {
    const { eventId, eventType, payload, priority, receivedAt, executions } = event.data;
    await tx.query(
      `INSERT INTO registry_intake_events (tenant_id, event_id, event_type, priority, payload, routed_count, received_at, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, event_id) DO NOTHING`,
      [tenantId, eventId, eventType, priority, JSON.stringify(payload), executions.length, receivedAt, position],
    );
    if (executions.length === 0) return;
    const rows = executions.map((execution, seq) => ({ ...execution, seq }));
    await tx.query(
      `INSERT INTO registry_executions (tenant_id, execution_id, event_id, instance_id, slug, version, event_type, priority,
                                        priority_rank, queued_position, queued_seq, enqueued_at)
       SELECT $1, r."executionId", $2, r."instanceId", r.slug, r.version, $3, $4, $5, $6, r.seq, $7
         FROM jsonb_to_recordset($8::jsonb) AS r("executionId" text, "instanceId" text, slug text, version text, seq integer)
       ON CONFLICT (tenant_id, execution_id) DO NOTHING`,
      [tenantId, eventId, eventType, priority, priorityRank(priority), position, receivedAt, JSON.stringify(rows)],
    );
  }

  private async finished(tx: Sql, tenantId: string, event: AgentExecutionEvent): Promise<void> {
    const { executionId, attempt, startedAt, finishedAt, durationMs } = event.data;
    const succeeded = event.type === 'AgentExecutionSucceeded';
    await tx.query(
      `UPDATE registry_executions
          SET status = $3, attempts = greatest(attempts, $4), started_at = $5, finished_at = $6, duration_ms = $7,
              output = $8, error = $9, claimed_until = NULL, claimed_by = NULL
        WHERE tenant_id = $1 AND execution_id = $2`,
      [
        tenantId,
        executionId,
        succeeded ? 'succeeded' : 'failed',
        attempt,
        startedAt,
        finishedAt,
        durationMs,
        succeeded ? event.data.output : null,
        succeeded ? null : event.data.error,
      ],
    );
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM registry_executions');
    await tx.query('DELETE FROM registry_intake_events');
  }
}
