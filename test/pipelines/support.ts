import type { RecordedRequest, ScriptedResponse } from '../support/openai-test-server.js';
import { call, json } from '../support/tenant.js';
import { until } from '../support/until.js';

export interface PhaseBody {
  phase: string;
  agent: { slug: string; version: string };
  status: string;
  attempts: number;
  failedTries: number;
  output: Record<string, unknown> | null;
  failure: { reason: string; attempt: number } | null;
  tokens: { input: number; output: number };
}

export interface AgentLogBody {
  pipelineId: string;
  agent: { slug: string; version: string };
  phase: string;
  attempt: number;
  action: string;
  success: boolean;
  error: string | null;
  durationMs: number;
  tokens: { input: number; output: number };
}

export interface PipelineBody {
  id: string;
  status: string;
  currentPhase: string | null;
  waitingGate: string | null;
  phases: PhaseBody[];
  estimate: { sessions: number; complexity: number; correctionFactor: number | null; adjustedSessions: number } | null;
  estimateVsActual: { actualSessions: number };
  tokens: { input: number; output: number };
  scopeCreepFlagged: boolean;
  scopeCreep: { plannedSteps: number; completedSteps: number } | null;
  agentLogs?: AgentLogBody[];
}

/** Valid outputs of every phase, the plan listing two build steps. */
export const PHASE_OUTPUTS: Record<string, Record<string, unknown>> = {
  why: {
    verdict: 'proceed',
    problem: 'Accountants retype invoices by hand',
    reasoning: 'It costs them a day a month',
    successMetrics: ['export used monthly'],
    pastLessons: [],
    openQuestions: [],
  },
  research: {
    priorArt: ['CSV export in the reports module'],
    approaches: [{ name: 'Streamed CSV', pros: ['small memory'], cons: [] }],
    chosenApproach: 'Streamed CSV',
    reasoning: 'Large exports stay cheap',
    unknowns: [],
  },
  plan: { approach: 'Streamed CSV', buildSteps: ['Query invoices', 'Stream rows'], risks: [] },
  build: { completedSteps: ['Query invoices', 'Stream rows'], filesCreated: 2, filesModified: 1, notes: 'done' },
  test: { testsWritten: 3, passed: true, findings: [] },
  review: { approved: true, issues: [], summary: 'Meets the why' },
  retrospective: {
    surprises: 'Dates needed a fixed format',
    wouldChange: 'Agree the column list first',
    newPatterns: ['streamed export'],
    spikeAccuracy: null,
    patternsUsed: [{ pattern: 'streamed export', outcome: 'worked' }],
  },
};

/** The phase a chat request works on, from the `Phase:` line of its prompt; null for other calls. */
export function phaseOf(request: RecordedRequest): string | null {
  if (!request.path.endsWith('/chat/completions')) return null;
  const text = (request.body.messages ?? []).map((message) => message.content).join('\n');
  return /^Phase: (\w+)$/m.exec(text)?.[1] ?? null;
}

export const promptOf = (request: RecordedRequest) => (request.body.messages ?? []).map((message) => message.content).join('\n');

/**
 * Per-phase scripts for the loopback model: each phase's calls take the next scripted answer of
 * that phase, then the phase's valid output.
 */
export function phaseScripts(outputs: Record<string, Record<string, unknown>> = PHASE_OUTPUTS) {
  const scripts = new Map<string, ScriptedResponse[]>();
  return {
    script(phase: string, ...responses: ScriptedResponse[]) {
      scripts.set(phase, [...(scripts.get(phase) ?? []), ...responses]);
    },
    clear: () => scripts.clear(),
    scriptFor(request: RecordedRequest): ScriptedResponse | undefined {
      const phase = phaseOf(request);
      if (!phase) return undefined;
      return scripts.get(phase)?.shift() ?? { content: JSON.stringify(outputs[phase]) };
    },
  };
}

/** A small client of the pipelines API for tests. */
export function pipelinesClient(url: string, key: string) {
  const get = (id: string) => json<PipelineBody>(call(`${url}/api/v1/pipelines/${id}`, key));
  return {
    create: (body: Record<string, unknown>, asKey = key) => call(`${url}/api/v1/pipelines`, asKey, { method: 'POST', body }),
    async start(body: Record<string, unknown>): Promise<PipelineBody> {
      const response = await call(`${url}/api/v1/pipelines`, key, { method: 'POST', body });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
      return (await response.json()) as PipelineBody;
    },
    get,
    act: (id: string, action: string, body: Record<string, unknown> = {}, asKey = key) =>
      call(`${url}/api/v1/pipelines/${id}/${action}`, asKey, { method: 'POST', body }),
    list: (query = '') => json<{ items: PipelineBody[]; nextCursor: string | null }>(call(`${url}/api/v1/pipelines${query}`, key)),
    logs: (query = '') =>
      json<{ items: AgentLogBody[]; nextCursor: string | null }>(call(`${url}/api/v1/pipelines/agent-logs${query}`, key)),
    statistics: (query = '') =>
      json<{ agents: { agent: string; calls: number; averageDurationMs: number; p95DurationMs: number }[] }>(
        call(`${url}/api/v1/pipelines/agent-logs/statistics${query}`, key),
      ),
    export: (id: string) => call(`${url}/api/v1/pipelines/${id}/export`, key),
    /** The pipeline once `done` holds. */
    until: (id: string, done: (pipeline: PipelineBody) => boolean, what: string, timeoutMs = 20_000) =>
      until(() => get(id), done, what, timeoutMs),
  };
}
