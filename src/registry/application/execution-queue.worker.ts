import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { EventFeed } from '../../platform/event-store/event-feed.js';
import { StreamVersionConflictError } from '../../platform/event-store/event-store.errors.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { AgentExecutionEvent } from '../domain/agent-execution.events.js';
import type { AgentSpec } from '../domain/agent-spec.js';
import { agentExecutionStreamId } from '../domain/event-intake.stream.js';
import type { JsonObject } from '../domain/json.js';
import type { Priority } from '../domain/priority.js';
import { AGENT_EXECUTOR, type AgentEvent, type AgentExecutor } from './agent-executor.js';
import { AgentSquads } from './agent-squads.js';
import { metadataOf, systemContext } from '../../platform/decider/command-context.js';
import { Clock } from '../../platform/decider/clock.js';
import { REGISTRY_ACTOR } from './registry-actor.js';
import { REGISTRY_OPTIONS, type RegistryOptions } from './registry-options.js';

interface ClaimedRow {
  tenant_id: string;
  execution_id: string;
  event_id: string;
  instance_id: string;
  slug: string;
  version: string;
  event_type: string;
  priority: Priority;
  attempts: number;
  payload: JsonObject;
  received_at: Date;
  spec: AgentSpec | null;
}

interface Running {
  tenantId: string;
  executionId: string;
  abort: AbortController;
  done: Promise<void>;
}

/** How long a shutdown waits for interrupted executions to notice before it lets go of them. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Drains the execution queue: claims pending executions — CRITICAL first, then by arrival — with
 * FOR UPDATE SKIP LOCKED under a lease, runs at most `concurrency` at a time, and records each
 * outcome as an event. The queue is a table, so a restart (or another replica) resumes whatever
 * was pending; a claim whose process died is claimable again once its lease lapses.
 */
@Injectable()
export class ExecutionQueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExecutionQueueWorker.name);
  private readonly workerId = randomUUID();
  private readonly stopping = new AbortController();
  private readonly running = new Map<string, Running>();
  private wake = new AbortController();
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly feed: EventFeed,
    @Inject(AGENT_EXECUTOR) private readonly executor: AgentExecutor,
    @Inject(REGISTRY_OPTIONS) private readonly options: RegistryOptions,
    private readonly clock: Clock,
    private readonly squads: AgentSquads,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.drain();
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.wake.abort();
    clearInterval(this.heartbeat);
    await this.loop;
    const interrupted = [...this.running.values()];
    for (const run of interrupted) run.abort.abort();
    await Promise.race([
      Promise.allSettled(interrupted.map((run) => run.done)),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
    ]);
    // Hand unfinished claims back at once instead of making them wait for the lease to lapse.
    await this.db
      .query(
        `UPDATE registry_executions SET claimed_until = NULL, claimed_by = NULL, attempts = greatest(attempts - 1, 0)
          WHERE claimed_by = $1 AND status = 'pending'`,
        [this.workerId],
      )
      .catch((error: Error) => this.logger.warn(`could not hand back claimed executions: ${error.message}`));
  }

  private async drain(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const wake = (this.wake = new AbortController());
      try {
        const free = this.options.concurrency - this.running.size;
        if (free > 0) {
          const claimed = await this.claim(free);
          for (const row of claimed) this.start(row);
          if (claimed.length === free) continue;
        }
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        this.logger.error(`claiming executions failed, retrying: ${(error as Error).message}`);
      }
      await this.feed.nextAppend(this.options.pollMs, wake.signal);
    }
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    const rows = await this.db.query<ClaimedRow & { priority_rank: number; queued_position: string; queued_seq: number }>(
      `WITH due AS (
         SELECT tenant_id, execution_id FROM registry_executions
          WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY priority_rank, queued_position, queued_seq
          LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE registry_executions e
          SET claimed_until = now() + $2 * interval '1 millisecond', claimed_by = $3, attempts = e.attempts + 1
         FROM due
        WHERE e.tenant_id = due.tenant_id AND e.execution_id = due.execution_id
       RETURNING e.tenant_id, e.execution_id, e.event_id, e.instance_id, e.slug, e.version, e.event_type, e.priority, e.attempts,
                 e.priority_rank, e.queued_position, e.queued_seq,
                 (SELECT i.payload FROM registry_intake_events i WHERE i.tenant_id = e.tenant_id AND i.event_id = e.event_id) AS payload,
                 (SELECT i.received_at FROM registry_intake_events i WHERE i.tenant_id = e.tenant_id AND i.event_id = e.event_id) AS received_at,
                 (SELECT v.spec FROM registry_agent_versions v WHERE v.tenant_id = e.tenant_id AND v.slug = e.slug AND v.version = e.version) AS spec`,
      [limit, this.options.leaseMs, this.workerId],
    );
    // RETURNING does not keep the ORDER BY of the CTE: start them in queue order.
    return rows.sort(
      (a, b) => a.priority_rank - b.priority_rank || Number(a.queued_position) - Number(b.queued_position) || a.queued_seq - b.queued_seq,
    );
  }

  private start(row: ClaimedRow): void {
    const abort = new AbortController();
    const done = this.run(row, abort.signal)
      .catch((error: Error) => this.logger.error(`execution ${row.execution_id} could not be recorded: ${error.message}`))
      .finally(() => {
        this.running.delete(row.execution_id);
        this.wake.abort();
      });
    this.running.set(row.execution_id, { tenantId: row.tenant_id, executionId: row.execution_id, abort, done });
  }

  private async run(row: ClaimedRow, signal: AbortSignal): Promise<void> {
    const startedAt = this.clock.now();
    if (row.attempts > this.options.maxAttempts) {
      return this.record(row, startedAt, { error: `gave up after ${this.options.maxAttempts} interrupted attempts` });
    }
    if (!row.spec) return this.record(row, startedAt, { error: `agent ${row.slug}@${row.version} no longer exists` });
    const event: AgentEvent = {
      eventId: row.event_id,
      type: row.event_type,
      payload: row.payload,
      priority: row.priority,
      receivedAt: row.received_at.toISOString(),
    };
    const context = { tenantId: row.tenant_id, executionId: row.execution_id, instanceId: row.instance_id, attempt: row.attempts, signal };
    try {
      // Looked up at every run: the squad the agent works for now, as its budget applies now.
      const squadId = await this.squads.squadOf(row.tenant_id, row.slug);
      const { output } = await this.executor.execute(row.spec, event, { ...context, squadId });
      if (signal.aborted) return;
      await this.record(row, startedAt, { output });
    } catch (error) {
      // Interrupted by shutdown: not a failure of the agent; the claim is handed back and it runs again.
      if (signal.aborted) return;
      await this.record(row, startedAt, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async record(row: ClaimedRow, startedAt: Date, result: { output: string } | { error: string }): Promise<void> {
    const finishedAt = this.clock.now();
    const common = {
      executionId: row.execution_id,
      eventId: row.event_id,
      instanceId: row.instance_id,
      slug: row.slug,
      version: row.version,
      attempt: row.attempts,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
    const event: AgentExecutionEvent =
      'output' in result
        ? { type: 'AgentExecutionSucceeded', data: { ...common, output: result.output } }
        : { type: 'AgentExecutionFailed', data: { ...common, error: result.error } };
    try {
      await this.store.append(agentExecutionStreamId(row.tenant_id, row.execution_id), [event], {
        expectedVersion: 0,
        metadata: metadataOf(systemContext({ tenantId: row.tenant_id, actor: REGISTRY_ACTOR, correlationId: row.event_id }, finishedAt)),
      });
    } catch (error) {
      // Another worker recorded this execution first (its lease had lapsed here): the first outcome stands.
      if (!(error instanceof StreamVersionConflictError)) throw error;
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.running.size === 0 || this.stopping.signal.aborted) return;
    await this.db
      .query(
        `UPDATE registry_executions SET claimed_until = now() + $2 * interval '1 millisecond'
          WHERE claimed_by = $1 AND status = 'pending' AND execution_id = ANY($3::text[])`,
        [this.workerId, this.options.leaseMs, [...this.running.keys()]],
      )
      .catch((error: Error) => this.logger.warn(`renewing execution leases failed: ${error.message}`));
  }
}
