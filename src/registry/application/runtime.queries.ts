import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { type Page, pageOf } from '../../platform/http/pagination.js';
import { AgentInstanceNotFoundError } from '../domain/agent-instance.errors.js';

/** IDLE/RUNNING/PAUSED/ERROR of the seed, plus STOPPED for an instance that was stopped for good. */
export type InstanceStatus = 'IDLE' | 'RUNNING' | 'PAUSED' | 'ERROR' | 'STOPPED';

export interface InstanceView {
  instanceId: string;
  slug: string;
  version: string;
  /**
   * Derived when read: STOPPED / PAUSED from the instance's lifecycle; RUNNING while one of its
   * executions is claimed; ERROR when its latest finished execution failed (it still receives
   * events, and the next success clears it); IDLE otherwise.
   */
  status: InstanceStatus;
  startedAt: string;
  stoppedAt: string | null;
  pendingExecutions: number;
  lastExecutionAt: string | null;
}

export interface ExecutionView {
  executionId: string;
  eventId: string;
  eventType: string;
  priority: string;
  instanceId: string;
  slug: string;
  version: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  output: string | null;
  error: string | null;
}

export interface AgentMetrics {
  slug: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** succeeded / runs, 0…1; null before the first run. */
  successRate: number | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  pending: number;
  lastRunAt: string | null;
}

interface InstanceRow {
  instance_id: string;
  slug: string;
  version: string;
  lifecycle: 'active' | 'paused' | 'stopped';
  started_at: Date;
  stopped_at: Date | null;
  position: string;
  busy: boolean;
  last_outcome: 'succeeded' | 'failed' | null;
  last_at: Date | null;
  pending: number;
}

interface ExecutionRow {
  execution_id: string;
  event_id: string;
  event_type: string;
  priority: string;
  instance_id: string;
  slug: string;
  version: string;
  status: 'pending' | 'succeeded' | 'failed';
  running: boolean;
  attempts: number;
  enqueued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  output: string | null;
  error: string | null;
  key: string;
}

/** Executions of one event are numbered within it; this folds (position, index) into one cursor key. */
const SEQ_SPAN = 10_000;

const INSTANCE_SELECT = `
  SELECT i.instance_id, i.slug, i.version, i.lifecycle, i.started_at, i.stopped_at, i.position,
         EXISTS (SELECT 1 FROM registry_executions e WHERE e.tenant_id = i.tenant_id AND e.instance_id = i.instance_id
                    AND e.status = 'pending' AND e.claimed_until > now()) AS busy,
         (SELECT count(*)::int FROM registry_executions e WHERE e.tenant_id = i.tenant_id AND e.instance_id = i.instance_id
                    AND e.status = 'pending') AS pending,
         last.status AS last_outcome, last.finished_at AS last_at
    FROM registry_instances i
    LEFT JOIN LATERAL (SELECT e.status, e.finished_at FROM registry_executions e
                        WHERE e.tenant_id = i.tenant_id AND e.instance_id = i.instance_id AND e.status <> 'pending'
                        ORDER BY e.finished_at DESC LIMIT 1) last ON true`;

@Injectable()
export class RuntimeQueries {
  constructor(private readonly db: Database) {}

  async instances(tenantId: string, filter: { slug?: string; after: number; limit: number }): Promise<Page<InstanceView>> {
    const rows = await this.db.query<InstanceRow>(
      `${INSTANCE_SELECT}
        WHERE i.tenant_id = $1 AND i.position > $2 AND ($3::text IS NULL OR i.slug = $3)
        ORDER BY i.position LIMIT $4`,
      [tenantId, filter.after, filter.slug ?? null, filter.limit + 1],
    );
    return pageOf(rows, filter.limit, (row) => Number(row.position), toInstanceView);
  }

  async instance(tenantId: string, instanceId: string): Promise<InstanceView> {
    const [row] = await this.db.query<InstanceRow>(`${INSTANCE_SELECT} WHERE i.tenant_id = $1 AND i.instance_id = $2`, [
      tenantId,
      instanceId,
    ]);
    if (!row) throw new AgentInstanceNotFoundError(instanceId);
    return toInstanceView(row);
  }

  /** Execution history, newest first. `before` is the cursor key of the last item seen (0: from the newest). */
  async executions(
    tenantId: string,
    filter: { instanceId?: string; slug?: string; status?: ExecutionView['status']; before: number; limit: number },
  ): Promise<Page<ExecutionView>> {
    const rows = await this.db.query<ExecutionRow>(
      `SELECT execution_id, event_id, event_type, priority, instance_id, slug, version, status, attempts, enqueued_at,
              started_at, finished_at, duration_ms, output, error,
              (status = 'pending' AND claimed_until > now()) AS running,
              (queued_position * ${SEQ_SPAN} + queued_seq) AS key
         FROM registry_executions
        WHERE tenant_id = $1 AND ($2::bigint = 0 OR queued_position * ${SEQ_SPAN} + queued_seq < $2::bigint)
          AND ($3::text IS NULL OR instance_id = $3) AND ($4::text IS NULL OR slug = $4)
          AND ($5::text IS NULL OR CASE $5 WHEN 'running' THEN status = 'pending' AND claimed_until > now()
                                           WHEN 'pending' THEN status = 'pending' AND (claimed_until IS NULL OR claimed_until <= now())
                                           ELSE status = $5 END)
        ORDER BY queued_position DESC, queued_seq DESC LIMIT $6`,
      [tenantId, filter.before, filter.instanceId ?? null, filter.slug ?? null, filter.status ?? null, filter.limit + 1],
    );
    return pageOf(rows, filter.limit, (row) => Number(row.key), toExecutionView);
  }

  async execution(tenantId: string, executionId: string): Promise<ExecutionView | null> {
    const page = await this.db.query<ExecutionRow>(
      `SELECT execution_id, event_id, event_type, priority, instance_id, slug, version, status, attempts, enqueued_at,
              started_at, finished_at, duration_ms, output, error, (status = 'pending' AND claimed_until > now()) AS running, 0 AS key
         FROM registry_executions WHERE tenant_id = $1 AND execution_id = $2`,
      [tenantId, executionId],
    );
    return page[0] ? toExecutionView(page[0]) : null;
  }

  /** Runs, success rate and p50/p95 duration per agent slug, over every finished execution. */
  async metrics(tenantId: string, slug?: string): Promise<AgentMetrics[]> {
    const rows = await this.db.query<{
      slug: string;
      runs: number;
      succeeded: number;
      failed: number;
      p50: number | null;
      p95: number | null;
      pending: number;
      last_run_at: Date | null;
    }>(
      `SELECT slug,
              count(*) FILTER (WHERE status <> 'pending')::int AS runs,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status <> 'pending') AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status <> 'pending') AS p95,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              max(finished_at) AS last_run_at
         FROM registry_executions
        WHERE tenant_id = $1 AND ($2::text IS NULL OR slug = $2)
        GROUP BY slug ORDER BY slug`,
      [tenantId, slug ?? null],
    );
    return rows.map((row) => ({
      slug: row.slug,
      runs: row.runs,
      succeeded: row.succeeded,
      failed: row.failed,
      successRate: row.runs === 0 ? null : row.succeeded / row.runs,
      p50DurationMs: row.p50 === null ? null : Math.round(row.p50),
      p95DurationMs: row.p95 === null ? null : Math.round(row.p95),
      pending: row.pending,
      lastRunAt: row.last_run_at?.toISOString() ?? null,
    }));
  }
}

function toInstanceView(row: InstanceRow): InstanceView {
  const status: InstanceStatus =
    row.lifecycle === 'stopped'
      ? 'STOPPED'
      : row.lifecycle === 'paused'
        ? 'PAUSED'
        : row.busy
          ? 'RUNNING'
          : row.last_outcome === 'failed'
            ? 'ERROR'
            : 'IDLE';
  return {
    instanceId: row.instance_id,
    slug: row.slug,
    version: row.version,
    status,
    startedAt: row.started_at.toISOString(),
    stoppedAt: row.stopped_at?.toISOString() ?? null,
    pendingExecutions: row.pending,
    lastExecutionAt: row.last_at?.toISOString() ?? null,
  };
}

function toExecutionView(row: ExecutionRow): ExecutionView {
  return {
    executionId: row.execution_id,
    eventId: row.event_id,
    eventType: row.event_type,
    priority: row.priority,
    instanceId: row.instance_id,
    slug: row.slug,
    version: row.version,
    status: row.running ? 'running' : row.status,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    output: row.output,
    error: row.error,
  };
}
