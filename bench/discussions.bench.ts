import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { CommandBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/bootstrap.js';
import { DEFAULT_PERSONAS } from '../src/discussions/application/open-discussion.handler.js';
import { OpenDiscussionCommand } from '../src/discussions/application/open-discussion.command.js';
import type { DiscussionEvent } from '../src/discussions/domain/discussion.events.js';
import { discussionStreamId } from '../src/discussions/domain/discussion.stream.js';
import type { SpeakerSelection } from '../src/discussions/domain/discussion.types.js';
import { DiscussionRepository } from '../src/discussions/application/discussion.repository.js';
import { DiscussionOutcomeDeadlineHandler } from '../src/discussions/sagas/discussion-outcome.deadline-handler.js';
import { DiscussionTurnDeadlineHandler } from '../src/discussions/sagas/discussion-turn.deadline-handler.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import type { CommandContext } from '../src/platform/decider/command-context.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import type { DomainEvent } from '../src/platform/event-store/event.types.js';
import { LlmGateway, type StructuredRequest } from '../src/platform/llm/index.js';
import type { LlmProvider, ProviderStreamPart } from '../src/platform/llm/providers/llm-provider.js';
import { AgentDefinitionsQueries, AgentTemplatesService } from '../src/registry/index.js';
import { type OpenAiLoopbackServer, loopbackProviderEnv, startOpenAiLoopbackServer } from './support/openai-loopback-server.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Orchestration overhead of a discussion turn: BENCH_DISCUSSIONS (20) five-agent discussions at once,
 * run to completion against a loopback OpenAI-protocol server that answers at once, in round-robin
 * mode (the headline) and in selector mode, under each DEADLINE_POLL_MS of BENCH_POLL_MS (the first is
 * the headline). Per turn, timed in this process with performance.now():
 *   scheduled  the TurnScheduled event is committed (the previous turn's step, or the open, returned)
 *   started    the poller calls the turn step          → schedule delay = started − scheduled
 *   ended      the step returned, AgentSpoke committed → turn = ended − scheduled, step = ended − started
 *   model      the time the step waited on the provider (the `openai` client calls to the loopback;
 *              for a stream, the waits on its chunks), summed over the turn's calls
 * overhead = turn − model: everything that is not the model, the gateway's own work included; the
 * baseline (the same turn's calls made through the gateway in a loop, nothing else running) says how
 * much of it a gateway call costs on its own. The store's recordedAt (ms) gives a cross-check.
 *   npm run bench:discussions            (DATABASE_URL, or an embedded Postgres)
 */
const DISCUSSIONS = Number(process.env.BENCH_DISCUSSIONS ?? 20);
const WARMUP_DISCUSSIONS = Number(process.env.BENCH_WARMUP ?? 3);
const POLL_MS = (process.env.BENCH_POLL_MS ?? '100,10').split(',').map(Number);
const BASELINE_TURNS = Number(process.env.BENCH_BASELINE_TURNS ?? 200);
const out = (line: string) => process.stdout.write(`${line}\n`);

interface TurnTiming {
  discussionId: string;
  turn: number;
  started: number;
  ended: number;
  /** Waiting on the provider (the HTTP calls to the loopback). */
  modelMs: number;
  /** Inside gateway calls (cache, budgets, ledger, validation, and the provider). */
  gatewayMs: number;
  providerCalls: number;
  /** Where the step's time went, by part (parts nest: a stream read is inside `load`). */
  parts: Map<string, number>;
  failed: boolean;
}

interface Measured {
  turns: number;
  discussions: number;
  wallMs: number;
  totals: number[];
  overheads: number[];
  stepOverheads: number[];
  scheduleDelays: number[];
  beyondGateway: number[];
  models: number[];
  steps: number[];
  storeOverheads: number[];
  /** Mean ms per turn, by part. */
  parts: Map<string, number>;
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const f = (n: number) => n.toFixed(2);
const figures = (values: readonly number[]) =>
  `mean ${f(mean(values))}, p50 ${f(percentile(values, 50))}, p99 ${f(percentile(values, 99))} ms`;

/**
 * Each contribution carries a block of its own character pattern (by turn, modulo 8): the loopback's
 * embedding sums character codes into 8 slots, so any two ordinary sentences come out at a cosine
 * similarity near 1, every turn would count as a repeat, and each phase would end after two turns.
 * With a slot per speaker, five agents each speak in every phase, as in a discussion that makes progress.
 */
function patterned(text: string, slot: number): string {
  const head = text.padEnd(Math.ceil(text.length / 8) * 8, ' ');
  return head + Array.from({ length: 480 }, (_, i) => (i % 8 === slot ? '~' : ' ')).join('');
}

/** Instant, valid answers for the four structured calls of a discussion, told apart by their schema's name. */
function discussionReplies(server: OpenAiLoopbackServer): void {
  server.reply = (body) => {
    const format: { type?: string; json_schema?: { name?: string } } = body.response_format ?? {};
    const user = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
    const fact = (label: string) => new RegExp(`^${label}: (.*)$`, 'm').exec(user)?.[1] ?? '';
    switch (format.json_schema?.name) {
      case 'discussion_turn': {
        const phase = fact('Phase');
        const speaker = fact('Speaker');
        const slot = [...user.matchAll(/^Participant: (.*)$/gm)].findIndex((match) => match[1] === speaker);
        return JSON.stringify({
          message: patterned(`${speaker} on the ${phase}: the rollout needs a pilot group, a rollback plan and an owner per tool.`, slot),
          proposal: phase === 'exploration' ? `${speaker}: pilot with one team for two weeks, then roll out to everyone.` : null,
          question: null,
        });
      }
      case 'discussion_vote': {
        const ids = [...user.matchAll(/^Proposal \[([^\]]+)\]/gm)].map((match) => match[1]);
        return JSON.stringify({
          message: `I agree with the ${ids.length} proposal(s).`,
          votes: ids.map((proposalId) => ({ proposalId, choice: 'agree', reason: 'The proposal keeps the risk small.' })),
        });
      }
      case 'next_speaker': {
        const [, first] = /^Candidates:\n- ([^:]+):/m.exec(user) ?? [];
        return JSON.stringify({ speaker: first, reason: 'First of the candidates.' });
      }
      case 'discussion_outcome':
        return JSON.stringify({
          summary: 'The group agreed on a pilot.',
          rationale: 'Small risk, quick feedback.',
          actionItems: [{ item: 'Run the pilot', owner: 'Project Manager' }],
        });
      default:
        throw new Error(`the bench has no answer for schema ${format.json_schema?.name ?? '(none)'}`);
    }
  };
}

/** The turn being timed, for the provider and gateway wrappers below (which run inside its step). */
const currentTurn = new AsyncLocalStorage<TurnTiming>();

/** Times every provider call made inside a turn: the waits on the `openai` client, nothing of ours. */
function timeProvider(provider: LlmProvider): void {
  const complete = provider.complete.bind(provider);
  const stream = provider.stream.bind(provider);
  const embed = provider.embed.bind(provider);
  const counted = () => {
    const turn = currentTurn.getStore();
    if (turn) turn.providerCalls += 1;
  };
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const turn = currentTurn.getStore();
    const started = performance.now();
    try {
      return await call();
    } finally {
      if (turn) {
        turn.modelMs += performance.now() - started;
        addPart(turn, MODEL, performance.now() - started);
      }
    }
  };
  provider.complete = (request, options) => (counted(), timed(() => complete(request, options)));
  provider.embed = (input, options) => (counted(), timed(() => embed(input, options)));
  provider.stream = (request, options) => {
    counted();
    const parts = stream(request, options);
    return {
      [Symbol.asyncIterator](): AsyncIterator<ProviderStreamPart> {
        const inner = parts[Symbol.asyncIterator]();
        return {
          // Only the waits on the next chunk: what the consumer does between chunks is ours.
          next: () => timed(() => inner.next()),
          return: (value?: unknown) => inner.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
        };
      },
    };
  };
}

const LOAD = 'load the discussion (a stream read, the fold)';
const AGENTS = "read the agents' settings";
const SELECTOR = 'gateway call: selector';
const REPLY = 'gateway call: reply stream';
const EMBEDDING = 'gateway call: embedding (cache read, call, cache write)';
const MODEL = '  of the gateway calls, waiting on the loopback (model)';
const TAKE_TURN = 'decide and append TakeTurn (reads the stream again, folds, decides, appends)';
const APPEND = '  of which the append (inline projections, commit)';
const READS = 'stream reads in all (the load and the TakeTurn)';
const TOP_LEVEL_PARTS = [LOAD, AGENTS, SELECTOR, REPLY, EMBEDDING, TAKE_TURN];
const PRINTED_PARTS = [LOAD, AGENTS, SELECTOR, REPLY, EMBEDDING, MODEL, TAKE_TURN, APPEND, READS];

function addPart(turn: TurnTiming, part: string, ms: number): void {
  turn.parts.set(part, (turn.parts.get(part) ?? 0) + ms);
}

async function timedPart<T>(part: string, call: () => Promise<T>): Promise<T> {
  const turn = currentTurn.getStore();
  const started = performance.now();
  try {
    return await call();
  } finally {
    if (turn) addPart(turn, part, performance.now() - started);
  }
}

interface Instrumented {
  timings: TurnTiming[];
  completed: Map<string, number>;
  /** An exploration turn's request, replayed by the baseline. */
  sampleTurn: StructuredRequest | undefined;
  sampleEmbed: readonly string[] | undefined;
}

function instrument(app: NestExpressApplication): Instrumented {
  const state: Instrumented = { timings: [], completed: new Map(), sampleTurn: undefined, sampleEmbed: undefined };
  const gateway = app.get(LlmGateway);
  for (const provider of gateway.chain.providers) timeProvider(provider);

  const inGateway = (started: number, part: string) => {
    const turn = currentTurn.getStore();
    if (!turn) return;
    turn.gatewayMs += performance.now() - started;
    addPart(turn, part, performance.now() - started);
  };
  const streamStructured = gateway.streamStructured.bind(gateway);
  const structured = gateway.structured.bind(gateway);
  const embed = gateway.embed.bind(gateway);
  gateway.streamStructured = <T>(request: StructuredRequest) => {
    if (request.purpose === 'discussion_turn' && /^Phase: exploration$/m.test(String(request.messages[1]?.content)))
      state.sampleTurn = request;
    const started = performance.now();
    const stream = streamStructured<T>(request);
    stream.result.then(
      () => inGateway(started, REPLY),
      () => inGateway(started, REPLY),
    );
    return stream;
  };
  gateway.structured = async <T>(request: StructuredRequest) => {
    const started = performance.now();
    try {
      return await structured<T>(request);
    } finally {
      inGateway(started, SELECTOR);
    }
  };
  gateway.embed = async (request) => {
    if (request.purpose === 'embed' && request.input.length === 5) state.sampleEmbed = request.input;
    const started = performance.now();
    try {
      return await embed(request);
    } finally {
      inGateway(started, EMBEDDING);
    }
  };

  const repository = app.get(DiscussionRepository);
  const load = repository.load.bind(repository);
  const handle = repository.handle.bind(repository);
  repository.load = (...args) => timedPart(LOAD, () => load(...args));
  repository.handle = (...args) => timedPart(TAKE_TURN, () => handle(...args));
  const agents = app.get(AgentDefinitionsQueries);
  const currentOf = agents.currentOf.bind(agents);
  agents.currentOf = (...args) => timedPart(AGENTS, () => currentOf(...args));
  const store = app.get(EventStore);
  const readStream = store.readStream.bind(store);
  const append = store.append.bind(store);
  store.readStream = <E extends DomainEvent>(streamId: string, fromVersion?: number) =>
    timedPart(READS, () => readStream<E>(streamId, fromVersion));
  store.append = (...args) => timedPart(APPEND, () => append(...args));

  const turns = app.get(DiscussionTurnDeadlineHandler);
  const takeTurn = turns.takeTurn.bind(turns);
  // The deadline registry calls `this.takeTurn(deadline)`, so replacing the method times every step.
  turns.takeTurn = (deadline) => {
    const timing: TurnTiming = {
      discussionId: deadline.payload.discussionId,
      turn: deadline.payload.turn,
      started: performance.now(),
      ended: 0,
      modelMs: 0,
      gatewayMs: 0,
      providerCalls: 0,
      parts: new Map(),
      failed: false,
    };
    return currentTurn.run(timing, async () => {
      try {
        await takeTurn(deadline);
      } catch (error) {
        timing.failed = true;
        throw error;
      } finally {
        timing.ended = performance.now();
        state.timings.push(timing);
      }
    });
  };
  const outcomes = app.get(DiscussionOutcomeDeadlineHandler);
  const conclude = outcomes.conclude.bind(outcomes);
  outcomes.conclude = async (deadline) => {
    await conclude(deadline);
    state.completed.set(deadline.payload.discussionId, performance.now());
  };
  return state;
}

async function runDiscussions(
  app: NestExpressApplication,
  probe: Instrumented,
  count: number,
  speakerSelection: SpeakerSelection,
): Promise<Measured> {
  const tenancy = app.get(TenancyService);
  const templates = app.get(AgentTemplatesService);
  const commands = app.get(CommandBus);
  const store = app.get(EventStore);
  const context = (tenantId: string): CommandContext => ({
    tenantId,
    actor: { kind: 'system', id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
    now: new Date().toISOString(),
  });
  // One organization per discussion, its personas installed before the clock starts.
  const organizations: string[] = [];
  for (let i = 0; i < count; i++) {
    const { organizationId } = await tenancy.createOrganization(`Bench ${i}`, 'enterprise');
    await templates.install(context(organizationId), DEFAULT_PERSONAS);
    organizations.push(organizationId);
  }
  const ids: string[] = organizations.map(() => randomUUID());
  const opened = new Map<string, number>();
  const began = performance.now();
  await Promise.all(
    organizations.map(async (organizationId, i) => {
      await commands.execute(
        new OpenDiscussionCommand(context(organizationId), ids[i], {
          goal: 'Choose how we roll out single sign-on to our internal tools this quarter',
          agents: null,
          squadId: null,
          consensus: { rule: 'majority', threshold: null },
          maxRounds: 3,
          speakerSelection,
          userQuestionTimeoutSeconds: 600,
          onUnansweredQuestion: 'assume',
          autoStart: true,
        }),
      );
      opened.set(ids[i], performance.now());
    }),
  );
  for (let waited = 0; ids.some((id) => !probe.completed.has(id)); waited += 20) {
    if (probe.timings.some((t) => t.failed)) throw new Error('a turn step failed; see the log');
    if (waited > 120_000) throw new Error(`${ids.filter((id) => !probe.completed.has(id)).length} discussions did not complete in 120 s`);
    await delay(20);
  }
  const mine = new Set(ids);
  // A step that found its turn taken or stale (a re-fired deadline) asked no model: not a turn.
  const timings = probe.timings.filter((t) => mine.has(t.discussionId) && t.providerCalls > 0);
  const byTurn = new Map(timings.map((t) => [`${t.discussionId}:${t.turn}`, t]));
  const measured: Measured = {
    turns: timings.length,
    discussions: count,
    wallMs: Math.max(...timings.map((t) => t.ended)) - began,
    totals: [],
    overheads: [],
    stepOverheads: [],
    scheduleDelays: [],
    beyondGateway: [],
    models: [],
    steps: [],
    storeOverheads: [],
    parts: new Map(),
  };
  for (const t of timings)
    for (const [part, ms] of t.parts) measured.parts.set(part, (measured.parts.get(part) ?? 0) + ms / timings.length);
  for (const t of timings) {
    const scheduled = t.turn === 1 ? opened.get(t.discussionId)! : byTurn.get(`${t.discussionId}:${t.turn - 1}`)!.ended;
    measured.totals.push(t.ended - scheduled);
    measured.overheads.push(t.ended - scheduled - t.modelMs);
    measured.stepOverheads.push(t.ended - t.started - t.modelMs);
    measured.scheduleDelays.push(t.started - scheduled);
    measured.beyondGateway.push(t.ended - scheduled - t.gatewayMs);
    measured.models.push(t.modelMs);
    measured.steps.push(t.ended - t.started);
  }
  for (const id of ids) {
    const events = await store.readStream<DiscussionEvent>(discussionStreamId(id));
    if (events.at(-1)?.type !== 'DiscussionConcluded') throw new Error(`discussion ${id} ended with ${events.at(-1)?.type}`);
    const scheduledAt = new Map<number, number>();
    for (const event of events) {
      if (event.type === 'TurnScheduled') scheduledAt.set(event.data.turn, event.recordedAt.getTime());
      if (event.type === 'AgentSpoke') {
        const model = byTurn.get(`${id}:${event.data.turn}`)?.modelMs ?? 0;
        measured.storeOverheads.push(event.recordedAt.getTime() - scheduledAt.get(event.data.turn)! - model);
      }
    }
  }
  return measured;
}

/** The turn's own calls (an exploration reply, streamed and read, and the similarity embedding) through the gateway, one turn after another. */
async function baseline(
  app: NestExpressApplication,
  probe: Instrumented,
): Promise<{ totals: number[]; models: number[]; appends: number[] }> {
  const gateway = app.get(LlmGateway);
  if (!probe.sampleTurn || !probe.sampleEmbed) throw new Error('no exploration turn was seen to replay');
  const request: StructuredRequest = { ...probe.sampleTurn, signal: undefined };
  const [, ...recent] = probe.sampleEmbed;
  const totals: number[] = [];
  const models: number[] = [];
  for (let i = 0; i < BASELINE_TURNS + 20; i++) {
    const timing: TurnTiming = {
      discussionId: 'baseline',
      turn: i,
      started: 0,
      ended: 0,
      modelMs: 0,
      gatewayMs: 0,
      providerCalls: 0,
      parts: new Map(),
      failed: false,
    };
    const started = performance.now();
    await currentTurn.run(timing, async () => {
      const stream = gateway.streamStructured(request);
      for await (const chunk of stream) void chunk;
      await stream.result;
      // A new text each time, as in a turn: the embedding is a cache miss.
      await gateway.embed({ tenantId: request.tenantId, purpose: 'embed', input: [`baseline ${i} ${recent[0]}`, ...recent], cache: true });
    });
    if (i < 20) continue; // warm-up
    totals.push(performance.now() - started);
    models.push(timing.modelMs);
  }
  return { totals, models, appends: await appendTimes(app) };
}

/** One event appended to a stream of its own, one after another: what a commit costs on this machine now. */
async function appendTimes(app: NestExpressApplication): Promise<number[]> {
  const store = app.get(EventStore);
  const times: number[] = [];
  for (let i = 0; i < BASELINE_TURNS; i++) {
    const started = performance.now();
    await store.append(`bench-${randomUUID()}`, [{ type: 'BenchNoted', data: { i } }], {
      expectedVersion: 0,
      metadata: { tenantId: 'bench', actor: { kind: 'system', id: 'bench' }, correlationId: randomUUID(), causationId: null },
    });
    times.push(performance.now() - started);
  }
  return times;
}

function report(label: string, m: Measured): void {
  out(
    `${label}: ${m.discussions} discussions, ${m.turns} turns (${(m.turns / m.discussions).toFixed(1)} per discussion) in ${f(m.wallMs)} ms = ${f((m.turns * 1000) / m.wallMs)} turns/s`,
  );
  out(`  turn (TurnScheduled committed → AgentSpoke committed): ${figures(m.totals)}`);
  out(`  model (waiting on the loopback): ${figures(m.models)}`);
  out(`  overhead = turn − model: ${figures(m.overheads)}`);
  out(`    schedule delay (committed → the step starts): ${figures(m.scheduleDelays)}`);
  out(`    step overhead (the step's own time − model): ${figures(m.stepOverheads)}`);
  out(`  turn − time inside gateway calls: ${figures(m.beyondGateway)}`);
  const part = (name: string) => m.parts.get(name) ?? 0;
  const topLevel = TOP_LEVEL_PARTS.reduce((sum, name) => sum + part(name), 0);
  out(`  the step's time by part, mean per turn (indented: part of the line above):`);
  for (const name of PRINTED_PARTS) if (m.parts.has(name)) out(`      ${name}: ${f(part(name))} ms`);
  out(`      the rest of the step (signals, JSON, the event loop shared with 15 other steps): ${f(mean(m.steps) - topLevel)} ms`);
  out(
    `  cross-check from the store (AgentSpoke.recordedAt − TurnScheduled.recordedAt − model, ms resolution): ${figures(m.storeOverheads)}`,
  );
}

const server = await startOpenAiLoopbackServer();
discussionReplies(server);
// The gateway reads its providers from the environment when the app starts.
Object.assign(process.env, loopbackProviderEnv(server.baseUrl));
const database = await benchServer();
const scratch = await createScratchDatabase(database.url, 'agent_squad_bench_discussions');
const results: Record<string, string> = {};
try {
  out(
    `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, load average ${loadavg().map(f).join(' ')}`,
  );
  for (const [index, pollMs] of POLL_MS.entries()) {
    const config = loadConfig({
      LOG_LEVEL: 'error',
      DEMO_ORGANIZATION: 'false',
      DATABASE_URL: scratch.url,
      DEADLINE_POLL_MS: String(pollMs),
    });
    const app = await createApp({ config, databaseUrl: scratch.url });
    await app.init();
    try {
      const probe = instrument(app);
      await runDiscussions(app, probe, WARMUP_DISCUSSIONS, 'round_robin');
      const roundRobin = await runDiscussions(app, probe, DISCUSSIONS, 'round_robin');
      const selector = await runDiscussions(app, probe, DISCUSSIONS, 'selector');
      const pure = await baseline(app, probe);
      out(`DEADLINE_POLL_MS=${pollMs} (poller: claims every ${pollMs} ms, 16 steps at once)`);
      report('round robin', roundRobin);
      report('selector', selector);
      out(`  baseline, one turn's calls through the gateway, ${BASELINE_TURNS} in a row: ${figures(pure.totals)}`);
      out(
        `    of which waiting on the loopback: ${figures(pure.models)}; the gateway's own: ${figures(pure.totals.map((t, i) => t - pure.models[i]))}`,
      );
      out(`  baseline, a one-event append to a new stream, ${BASELINE_TURNS} in a row: ${figures(pure.appends)}`);
      const suffix = index === 0 ? '' : `_poll${pollMs}`;
      Object.assign(results, {
        [`turns_per_s${suffix}`]: f((roundRobin.turns * 1000) / roundRobin.wallMs),
        [`overhead_ms_per_turn_p99${suffix}`]: f(percentile(roundRobin.overheads, 99)),
        [`schedule_delay_ms_p99${suffix}`]: f(percentile(roundRobin.scheduleDelays, 99)),
        [`step_overhead_ms_p99${suffix}`]: f(percentile(roundRobin.stepOverheads, 99)),
        [`selector_overhead_ms_per_turn_p99${suffix}`]: f(percentile(selector.overheads, 99)),
        [`baseline_append_ms_p99${suffix}`]: f(percentile(pure.appends, 99)),
        [`baseline_gateway_ms_per_turn_p99${suffix}`]: f(
          percentile(
            pure.totals.map((t, i) => t - pure.models[i]),
            99,
          ),
        ),
      });
      if (index === 0) results.poll_ms = String(pollMs);
    } finally {
      await app.close();
    }
  }
  out(`load average after: ${loadavg().map(f).join(' ')}`);
  out(
    `RESULT ${Object.entries(results)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')}`,
  );
} finally {
  await scratch.drop();
  await database.stop();
  await server.close();
}
