import 'reflect-metadata';
import os from 'node:os';
import { NestFactory } from '@nestjs/core';
import { systemContext } from '../src/platform/decider/command-context.js';
import { ScheduleModule } from '@nestjs/schedule';
import { loadConfig } from '../src/platform/config/app-config.js';
import { ConfigModule } from '../src/platform/config/config.module.js';
import { DatabaseModule } from '../src/platform/database/database.module.js';
import { EventStoreModule } from '../src/platform/event-store/event-store.module.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { streamId } from '../src/platform/event-store/stream-id.js';
import { LlmModule } from '../src/platform/llm/index.js';
import {
  AgentDefinitionsService,
  AgentInstancesService,
  type AgentSpec,
  EventIntakeService,
  RegistryModule,
  ResourceLocksService,
} from '../src/registry/index.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * The registry's write paths, each next to the raw event-store append rate measured in the same run:
 * - intake: `EventIntakeService.receive` (read the tenant's active instances, match triggers, append
 *   one ExternalEventReceived with its inline read model), with 3 running instances whose triggers
 *   do not match, so the figure is the intake itself and not the agents' model calls;
 * - locks: an acquire and a release of a free resource (two appends, each through the decider with
 *   the lock's inline read model), one round trip per iteration;
 * - store: one event appended to a fresh stream, no projection interested in it.
 *   npm run bench:registry            (DATABASE_URL, or an embedded Postgres)
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 16;
const TENANT = 'bench-org';

async function rate(concurrency: number, work: (n: number) => Promise<unknown>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) await work(done++);
    }),
  );
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

function benchAgent(n: number): AgentSpec {
  return {
    slug: `bench-agent-${n}`,
    version: '1.0.0',
    name: `Bench agent ${n}`,
    role: 'bench',
    persona: 'You wait for alerts.',
    goals: ['Wait'],
    skills: [],
    model: { providerPreference: [], temperature: 0, maxTokens: 100 },
    triggers: [{ eventType: `alert.${n}.*`, filter: { severity: { $in: ['critical'] } } }],
    priority: 'NORMAL',
    metadata: {},
  };
}

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DATABASE_URL: database.url });
const app = await NestFactory.createApplicationContext(
  {
    module: class RegistryBench {},
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: database.url, poolSize: CONCURRENCY + 4 }),
      ScheduleModule.forRoot(),
      EventStoreModule,
      LlmModule,
      RegistryModule,
    ],
  },
  { logger: ['error'] },
);
await app.init();
try {
  const context = systemContext({ tenantId: TENANT, actor: { kind: 'system', id: 'bench' } }, new Date());
  const definitions = app.get(AgentDefinitionsService);
  for (let n = 0; n < 3; n++) {
    const spec = benchAgent(n);
    await definitions.registerSpec(context, spec);
    await definitions.publish(context, spec.slug, spec.version);
    await app.get(AgentInstancesService).start(context, spec.slug);
  }
  const store = app.get(EventStore);
  const intake = app.get(EventIntakeService);
  const locks = app.get(ResourceLocksService);
  const metadata = { tenantId: TENANT, actor: null, correlationId: 'bench', causationId: null };
  const run = `${Date.now()}`;

  const append = (prefix: string) => (n: number) =>
    store.append(streamId('bench', `${prefix}-${n}`), [{ type: 'Benched', data: { n, at: 'x'.repeat(64) } }], {
      expectedVersion: 0,
      metadata,
    });
  const receive = (prefix: string) => async (n: number) => {
    const receipt = await intake.receive(context, {
      eventId: `${prefix}-${n}`,
      type: 'deploy.finished',
      payload: { env: 'prod', n },
      priority: 'NORMAL',
    });
    if (!receipt.accepted || receipt.executions.length !== 0) throw new Error('unexpected intake receipt');
  };
  const roundTrip = (prefix: string) => async (n: number) => {
    const resource = `${prefix}-${n % 1024}-${n}`;
    const granted = await locks.acquire(context, { resource, holder: 'bench', ttlMs: 60_000, priority: 'NORMAL' });
    if (granted.outcome !== 'granted') throw new Error(`lock ${resource} not granted`);
    await locks.release(context, resource, 'bench');
  };

  for (let n = 0; n < 200; n++) {
    await append(`warm-${run}`)(n);
    await receive(`warm-${run}`)(n);
    await roundTrip(`warm-${run}`)(n);
  }
  // Interleaved: the store baseline is measured right before each path it is compared with.
  const storeA = await rate(CONCURRENCY, append(`a-${run}`));
  const intakeRate = await rate(CONCURRENCY, receive(`i-${run}`));
  const storeB = await rate(CONCURRENCY, append(`b-${run}`));
  const lockRate = await rate(CONCURRENCY, roundTrip(`l-${run}`));
  const storeRate = (storeA + storeB) / 2;

  const round = (value: number) => Math.round(value);
  process.stdout.write(
    [
      `registry benchmark: ${CONCURRENCY} concurrent callers, ${SECONDS}s per measurement, 3 running instances (no trigger matches)`,
      `host: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown'}`,
      `baseline raw event-store append (1 event, new stream):   ${round(storeA)} /s and ${round(storeB)} /s`,
      `intake: events accepted:                                 ${round(intakeRate)} /s  (${(intakeRate / storeRate).toFixed(2)} of raw appends)`,
      `locks: acquire + release round trips:                    ${round(lockRate)} /s  (${round(2 * lockRate)} appends/s, ${((2 * lockRate) / storeRate).toFixed(2)} of raw)`,
      `RESULT intake_per_s=${round(intakeRate)} lock_roundtrips_per_s=${round(lockRate)} store_appends_per_s=${round(storeRate)}`,
      '',
    ].join('\n'),
  );
} finally {
  await app.close();
  await database.drop();
  await server.stop();
}
