import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { type Page, pageOf } from '../../platform/http/pagination.js';
import type { PipelineStatus } from '../domain/pipeline.types.js';
import { type PipelineDocument, viewOf } from '../projections/pipeline-view.evolve.js';
import type { AgentDurationStatistics, AgentLogFilter, AgentLogView } from './agent-log.view.js';
import type { PipelineView } from './pipeline.view.js';

interface AgentLogRow {
  id: string;
  pipeline_id: string;
  agent_slug: string;
  agent_version: string;
  phase: string;
  attempt: number;
  action: string;
  input_summary: string;
  output_summary: string | null;
  duration_ms: number;
  success: boolean;
  error: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  logged_at: Date;
  position: string;
}

const toAgentLog = (row: AgentLogRow): AgentLogView => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  agent: { slug: row.agent_slug, version: row.agent_version },
  phase: row.phase,
  attempt: row.attempt,
  action: row.action,
  inputSummary: row.input_summary,
  outputSummary: row.output_summary,
  durationMs: row.duration_ms,
  success: row.success,
  error: row.error,
  model: row.model,
  tokens: { input: row.input_tokens, output: row.output_tokens },
  loggedAt: row.logged_at.toISOString(),
});

/** A pipeline as stored: its document (with what the durable steps check) and its stream version. */
export interface StoredPipeline {
  document: PipelineDocument;
  version: number;
}

/** Reads the pipelines and pipeline_agent_logs read models, always within one organization. */
@Injectable()
export class PipelineReader {
  constructor(private readonly db: Database) {}

  async stored(tenantId: string, pipelineId: string): Promise<StoredPipeline> {
    const [row] = await this.db.query<{ view: PipelineDocument; version: number }>(
      `SELECT view, version FROM pipelines WHERE id = $1 AND organization_id = $2`,
      [pipelineId, tenantId],
    );
    if (!row) throw new NotFoundError('pipeline', pipelineId);
    return { document: row.view, version: row.version };
  }

  /** The pipeline, or null when the tenant has none by that id (a durable step whose pipeline is gone does nothing). */
  async find(tenantId: string, pipelineId: string): Promise<StoredPipeline | null> {
    return this.stored(tenantId, pipelineId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  }

  async pipeline(tenantId: string, pipelineId: string): Promise<{ pipeline: PipelineView; version: number }> {
    const { document, version } = await this.stored(tenantId, pipelineId);
    return { pipeline: viewOf(document), version };
  }

  async list(tenantId: string, status: PipelineStatus | undefined, after: number, limit: number): Promise<Page<PipelineView>> {
    const rows = await this.db.query<{ view: PipelineDocument; position: string }>(
      `SELECT view, position FROM pipelines WHERE organization_id = $1 AND position > $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY position LIMIT $4`,
      [tenantId, after, status ?? null, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      (row) => Number(row.position),
      (row) => viewOf(row.view),
    );
  }

  /** The agent logs of the organization, oldest first, filtered. */
  async agentLogs(tenantId: string, filter: AgentLogFilter, after: number, limit: number): Promise<Page<AgentLogView>> {
    const rows = await this.db.query<AgentLogRow>(
      `SELECT * FROM pipeline_agent_logs WHERE organization_id = $1 AND position > $2 ${this.where()} ORDER BY position, id LIMIT $9`,
      [tenantId, after, ...this.params(filter), limit + 1],
    );
    return pageOf(rows, limit, (row) => Number(row.position), toAgentLog);
  }

  /** The logs of one pipeline, in order (for its page and its export). */
  async logsOf(tenantId: string, pipelineId: string): Promise<AgentLogView[]> {
    const rows = await this.db.query<AgentLogRow>(
      `SELECT * FROM pipeline_agent_logs WHERE organization_id = $1 AND pipeline_id = $2 ORDER BY position, id`,
      [tenantId, pipelineId],
    );
    return rows.map(toAgentLog);
  }

  /** Average and 95th-percentile duration by agent, slowest (by p95) first, over the filtered logs. */
  async statistics(tenantId: string, filter: AgentLogFilter): Promise<AgentDurationStatistics[]> {
    const rows = await this.db.query<{ agent_slug: string; calls: string; failures: string; average: number; p95: number }>(
      `SELECT agent_slug, count(*) AS calls, count(*) FILTER (WHERE NOT success) AS failures,
              avg(duration_ms)::float8 AS average, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)::float8 AS p95
         FROM pipeline_agent_logs WHERE organization_id = $1 AND $2::bigint >= 0 ${this.where()}
        GROUP BY agent_slug ORDER BY p95 DESC, agent_slug`,
      [tenantId, 0, ...this.params(filter)],
    );
    return rows.map((row) => ({
      agent: row.agent_slug,
      calls: Number(row.calls),
      failures: Number(row.failures),
      averageDurationMs: Math.round(row.average),
      p95DurationMs: Math.round(row.p95),
    }));
  }

  private where(): string {
    return `AND ($3::text IS NULL OR pipeline_id = $3) AND ($4::text IS NULL OR agent_slug = $4) AND ($5::text IS NULL OR phase = $5)
            AND ($6::boolean IS NULL OR success = $6) AND ($7::timestamptz IS NULL OR logged_at >= $7)
            AND ($8::timestamptz IS NULL OR logged_at < $8)`;
  }

  private params(filter: AgentLogFilter): unknown[] {
    return [
      filter.pipelineId ?? null,
      filter.agent ?? null,
      filter.phase ?? null,
      filter.success ?? null,
      filter.from ?? null,
      filter.to ?? null,
    ];
  }
}
