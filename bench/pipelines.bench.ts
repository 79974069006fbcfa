import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { CommandBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { Database } from '../src/platform/database/database.js';
import type { DueDeadline } from '../src/platform/deadlines/deadline.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { LlmGateway } from '../src/platform/llm/index.js';
import { PipelineLearning } from '../src/learning/index.js';
import { AgentDefinitionsQueries } from '../src/registry/index.js';
import { PipelineReader } from '../src/pipelines/application/pipeline.reader.js';
import { PipelineRepository } from '../src/pipelines/application/pipeline.repository.js';
import { StartPipelineCommand } from '../src/pipelines/application/start-pipeline.command.js';
import { PhaseRunDeadlineHandler } from '../src/pipelines/sagas/phase-run.deadline-handler.js';
import type { PhaseTryPayload } from '../src/pipelines/sagas/pipeline-deadlines.js';
import { loopbackProviderEnv, startOpenAiLoopbackServer } from './support/openai-loopback-server.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Orchestration overhead of a pipeline phase: BENCH_PIPELINES (50) pipelines at once, each through
 * the seven default phases, against a loopback OpenAI-protocol server that answers at once. Per phase
 * attempt, timed in this process with performance.now():
 *   armed    the append that holds its PipelinePhaseStarted committed (its deadline, due at once, is
 *            armed in that transaction: the start, or the previous phase's completion)
 *   started  the poller calls the phase step           → schedule delay = started − armed
 *   ended    the step returned: PipelinePhaseCompleted appended, and with it the next phase's deadline
 *   model    the time the step waited on the loopback (the `openai` client's calls: the phase's
 *            structured answer and the learning records' embedding)
 * overhead = ended − armed − model: "phase deadline due → next phase's deadline armed, minus the model".
 * Baseline in the same run: BENCH_BASELINE (5) pipelines one after another, nothing else running.
 *   npm run bench:pipelines             (DATABASE_URL, or an embedded Postgres)
 */
const PIPELINES = Number(process.env.BENCH_PIPELINES ?? 50);
const BASELINE = Number(process.env.BENCH_BASELINE ?? 5);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const out = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const f = (n: number) => n.toFixed(2);
const figures = (values: readonly number[]) =>
  `mean ${f(mean(values))}, p50 ${f(percentile(values, 50))}, p99 ${f(percentile(values, 99))} ms`;

const OUTPUTS: Record<string, unknown> = {
  why: {
    verdict: 'proceed',
    problem: 'Accountants retype invoices',
    reasoning: 'A day a month',
    successMetrics: ['used'],
    pastLessons: [],
    openQuestions: [],
  },
  research: {
    priorArt: [],
    approaches: [{ name: 'Streamed CSV', pros: ['small'], cons: [] }],
    chosenApproach: 'Streamed CSV',
    reasoning: 'cheap',
    unknowns: [],
  },
  plan: { approach: 'Streamed CSV', buildSteps: ['Query', 'Stream'], risks: [] },
  build: { completedSteps: ['Query', 'Stream'], filesCreated: 2, filesModified: 1, notes: 'done' },
  test: { testsWritten: 3, passed: true, findings: [] },
  review: { approved: true, issues: [], summary: 'fine' },
  retrospective: { surprises: 'none', wouldChange: 'nothing', newPatterns: [], spikeAccuracy: null, patternsUsed: [] },
};

interface PhaseTiming {
  key: string;
  armed: number;
  started: number;
  ended: number;
  modelMs: number;
}

const current = new AsyncLocalStorage<{ modelMs: number; parts: Map<string, number> }>();
const partTotals = new Map<string, number[]>();
const armed = new Map<string, number>();
const timings: PhaseTiming[] = [];

function instrument(app: NestExpressApplication): void {
  const store = app.get(EventStore);
  const append = store.append.bind(store);
  store.append = async (...args: Parameters<EventStore['append']>) => {
    const appended = await append(...args);
    const at = performance.now();
    for (const event of appended.events)
      if (event.type === 'PipelinePhaseStarted') {
        const data = event.data as { pipelineId: string; phase: string; attempt: number };
        armed.set(`${data.pipelineId}:${data.phase}:${data.attempt}`, at);
      }
    return appended;
  };
  for (const provider of app.get(LlmGateway).chain.providers) {
    const complete = provider.complete.bind(provider);
    const embed = provider.embed.bind(provider);
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await call();
      } finally {
        const scope = current.getStore();
        if (scope) scope.modelMs += performance.now() - started;
      }
    };
    provider.complete = (request, options) => timed(() => complete(request, options));
    provider.embed = (input, options) => timed(() => embed(input, options));
  }
  // Where a step's time goes, by part (the gateway call includes the model).
  const timePart = <T extends object, K extends keyof T & string>(target: T, method: K, part: string) => {
    const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
    Object.assign(target, {
      [method]: async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          const scope = current.getStore();
          if (scope) scope.parts.set(part, (scope.parts.get(part) ?? 0) + performance.now() - started);
        }
      },
    });
  };
  timePart(app.get(PipelineReader), 'find', 'read the pipeline (read model)');
  timePart(app.get(AgentDefinitionsQueries), 'get', "read the agent's version");
  timePart(app.get(PipelineLearning), 'lessonsFor', 'lessons (learning records, with an embedding)');
  timePart(app.get(LlmGateway), 'structured', 'the gateway call (with the model)');
  timePart(app.get(PipelineRepository), 'handle', 'decide and append CompletePhase (stream read, fold, append, inline projections)');
  const handler = app.get(PhaseRunDeadlineHandler);
  const run = handler.run.bind(handler);
  handler.run = async (deadline: DueDeadline<PhaseTryPayload>) => {
    const started = performance.now();
    const scope = { modelMs: 0, parts: new Map<string, number>() };
    await current.run(scope, () => run(deadline));
    const { pipelineId, phase, attempt } = deadline.payload;
    const key = `${pipelineId}:${phase}:${attempt}`;
    timings.push({ key, armed: armed.get(key) ?? started, started, ended: performance.now(), modelMs: scope.modelMs });
    for (const [part, ms] of scope.parts) partTotals.set(part, [...(partTotals.get(part) ?? []), ms]);
  };
}

async function runPipelines(app: NestExpressApplication, tenantId: string, count: number, concurrent: boolean) {
  const commands = app.get(CommandBus);
  const db = app.get(Database);
  const from = timings.length;
  const context = () => ({
    tenantId,
    actor: { kind: 'system' as const, id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
    now: new Date().toISOString(),
  });
  const start = (id: string) =>
    commands.execute(
      new StartPipelineCommand(context(), id, {
        featureRequest: 'Export invoices as CSV',
        squadId: null,
        phases: null,
        approvalGates: [],
        estimate: null,
      }),
    );
  const ids = Array.from({ length: count }, () => randomUUID());
  const began = performance.now();
  const completed = async (id: string) => {
    for (;;) {
      const [row] = await db.query<{ status: string }>(`SELECT status FROM pipelines WHERE id = $1`, [id]);
      if (row?.status === 'completed') return;
      if (row && row.status !== 'running') throw new Error(`pipeline ${id} is ${row.status}`);
      await delay(5);
    }
  };
  if (concurrent) {
    await Promise.all(ids.map(start));
    await Promise.all(ids.map(completed));
  } else
    for (const id of ids) {
      await start(id);
      await completed(id);
    }
  const wallMs = performance.now() - began;
  // The last phase's timing is kept when its step returns, just after its pipeline reads completed.
  for (let waited = 0; timings.length - from < count * 7 && waited < 2_000; waited += 5) await delay(5);
  const measured = timings.slice(from);
  return {
    phases: measured.length,
    wallMs,
    overheads: measured.map((t) => t.ended - t.armed - t.modelMs),
    scheduleDelays: measured.map((t) => t.started - t.armed),
    stepOverheads: measured.map((t) => t.ended - t.started - t.modelMs),
    models: measured.map((t) => t.modelMs),
  };
}

const server = await startOpenAiLoopbackServer();
server.reply = (body) => {
  const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
  const phase = /^Phase: (\w+)$/m.exec(user)?.[1] ?? '';
  if (!(phase in OUTPUTS)) throw new Error(`the bench has no answer for phase "${phase}"`);
  return JSON.stringify(OUTPUTS[phase]);
};
// The gateway reads its providers from the environment when the app starts.
Object.assign(process.env, loopbackProviderEnv(server.baseUrl));
const database = await benchServer();
const scratch = await createScratchDatabase(database.url, 'agent_squad_bench_pipelines');
try {
  out(
    `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, load average ${loadavg().map(f).join(' ')}`,
  );
  const config = loadConfig({
    LOG_LEVEL: 'error',
    DEMO_ORGANIZATION: 'false',
    DATABASE_URL: scratch.url,
    DEADLINE_POLL_MS: String(POLL_MS),
  });
  const app = await createApp({ config, databaseUrl: scratch.url });
  await app.init();
  try {
    instrument(app);
    const { organizationId } = await app.get(TenancyService).createOrganization('Bench', 'enterprise');
    await runPipelines(app, organizationId, 2, false); // warm-up: installs the templates, fills the caches
    const baseline = await runPipelines(app, organizationId, BASELINE, false);
    const loaded = await runPipelines(app, organizationId, PIPELINES, true);
    out(`DEADLINE_POLL_MS=${POLL_MS} (the poller is also told at once of a phase armed in this process)`);
    for (const [name, m] of [
      [`baseline: ${BASELINE} pipelines one after another`, baseline],
      [`${PIPELINES} pipelines at once`, loaded],
    ] as const) {
      out(`${name}: ${m.phases} phases in ${f(m.wallMs)} ms (${f((m.phases * 1000) / m.wallMs)} phases/s)`);
      out(`  overhead per phase (armed → next armed − model): ${figures(m.overheads)}`);
      out(`    schedule delay (armed → step called): ${figures(m.scheduleDelays)}`);
      out(`    step overhead (step called → returned − model): ${figures(m.stepOverheads)}`);
      out(`  model (waiting on the loopback): ${figures(m.models)}`);
    }
    out('where a step goes, all runs (mean ms per phase):');
    for (const [part, values] of partTotals) out(`  ${part}: ${f(mean(values))}`);
    out(`load average after: ${loadavg().map(f).join(' ')}`);
    out(
      `RESULT phases_per_s=${f((loaded.phases * 1000) / loaded.wallMs)} overhead_ms_per_phase_p99=${f(percentile(loaded.overheads, 99))} ` +
        `baseline_overhead_ms_per_phase_p99=${f(percentile(baseline.overheads, 99))} schedule_delay_ms_p99=${f(percentile(loaded.scheduleDelays, 99))}`,
    );
  } finally {
    await app.close();
  }
} finally {
  await scratch.drop();
  await database.stop();
  await server.close();
}
