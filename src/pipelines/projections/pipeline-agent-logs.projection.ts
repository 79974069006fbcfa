import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { PipelinePhaseCompleted, PipelinePhaseFailed, PipelinePhaseTryFailed } from '../domain/pipeline.events.js';

type AgentLogEvent = PipelinePhaseCompleted | PipelinePhaseTryFailed | PipelinePhaseFailed;

/** The action each phase's agent performs, as the log names it. */
const ACTIONS: Record<string, string> = {
  why: 'analyze',
  research: 'research',
  plan: 'plan',
  build: 'build',
  test: 'test',
  review: 'review',
  retrospective: 'reflect',
};

/**
 * One agent-log row per phase attempt that ended (completed or failed) and per failed try of one,
 * keyed by the event (stream and version), so a replay inserts nothing twice. A batch's rows go in
 * one statement.
 */
export class PipelineAgentLogsProjection implements Projection<AgentLogEvent> {
  readonly name = 'pipeline_agent_logs';
  readonly mode = 'inline';
  readonly eventTypes = ['PipelinePhaseCompleted', 'PipelinePhaseTryFailed', 'PipelinePhaseFailed'] as const;

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM pipeline_agent_logs');
  }

  async apply(events: readonly Recorded<AgentLogEvent>[], tx: Sql): Promise<void> {
    if (events.length === 0) return;
    const column = <T>(value: (event: Recorded<AgentLogEvent>) => T) => events.map(value);
    await tx.query(
      `INSERT INTO pipeline_agent_logs (id, organization_id, pipeline_id, agent_slug, agent_version, phase, attempt, action, input_summary,
         output_summary, duration_ms, success, error, model, input_tokens, output_tokens, logged_at, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::text[],
         $10::text[], $11::integer[], $12::boolean[], $13::text[], $14::text[], $15::integer[], $16::integer[], $17::timestamptz[], $18::bigint[])
       ON CONFLICT (id) DO NOTHING`,
      [
        column((e) => `${e.streamId}:${e.version}`),
        column((e) => e.metadata.tenantId ?? ''),
        column((e) => e.data.pipelineId),
        column((e) => e.data.agent.slug),
        column((e) => e.data.agent.version),
        column((e) => e.data.phase),
        column((e) => e.data.attempt),
        column((e) => ACTIONS[e.data.phase] ?? e.data.phase),
        column((e) => e.data.inputSummary),
        column((e) => (e.type === 'PipelinePhaseCompleted' ? e.data.outputSummary : null)),
        column((e) => Math.round(e.data.durationMs)),
        column((e) => e.type === 'PipelinePhaseCompleted'),
        column((e) => (e.type === 'PipelinePhaseCompleted' ? null : e.data.reason)),
        column((e) => e.data.model),
        column((e) => e.data.tokens.input),
        column((e) => e.data.tokens.output),
        column((e) => e.data.at),
        column((e) => e.position),
      ],
    );
  }
}
