import 'reflect-metadata';
import os from 'node:os';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { loadConfig } from '../src/platform/config/app-config.js';
import { ConfigModule } from '../src/platform/config/config.module.js';
import { DatabaseModule } from '../src/platform/database/database.module.js';
import { Database } from '../src/platform/database/database.js';
import { EventStoreModule } from '../src/platform/event-store/event-store.module.js';
import { loadChainCandidates } from '../src/routing/application/routing-rules.reader.js';
import { ClockModule } from '../src/platform/decider/clock.js';
import { systemContext } from '../src/platform/decider/command-context.js';
import {
  RoutingModule,
  BulkCreateRoutingRulesCommand,
  RoutingReadModel,
  type RoutingRuleSpec,
  type SquadDirectory,
  type SquadMember,
  resolveChain,
} from '../src/routing/index.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Chain resolutions per second for a squad with 500 rules, read from the read model the way
 * conversations call it (RoutingReadModel.chainFor), next to two baselines measured in the same run:
 * the bare SQL fetch chainFor issues, and the pure resolver over all 500 rules in memory.
 *   npm run bench:routing            (DATABASE_URL, or an embedded Postgres)
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 16;
const TENANT = 'bench-org';
const SQUAD = 'bench-squad';
const ASKERS = 25;
const TYPES = ['default', 'architecture', 'implementation', 'security'];
const LEVELS = 5;
const RESPONDERS = ['tech_lead', 'solution_architect', 'project_manager', 'security_engineer', 'cto'];

// 25 asker roles × 4 question types × 5 levels = 500 rules; squad members hold every role.
const askerRoles = Array.from({ length: ASKERS }, (_, index) => `role_${index}`);
const rules: RoutingRuleSpec[] = askerRoles.flatMap((askerRole) =>
  TYPES.flatMap((questionType) =>
    Array.from(
      { length: LEVELS },
      (_, level) =>
        ({
          askerRole,
          questionType,
          level,
          responder: { kind: 'role', role: RESPONDERS[level] },
          priority: 0,
          active: true,
        }) as RoutingRuleSpec,
    ),
  ),
);
const members: SquadMember[] = [...askerRoles, ...RESPONDERS].flatMap((role) => [0, 1].map((n) => ({ id: `${role}-${n}`, role })));
/** The organizations module answers from its read model; a map keeps its cost out of the figure. */
const directory: SquadDirectory = { membersOf: async (tenantId, squadId) => (tenantId === TENANT && squadId === SQUAD ? members : null) };

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

const question = (n: number) => ({ askerRole: askerRoles[n % ASKERS], questionType: TYPES[(n >> 3) % TYPES.length] });

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DATABASE_URL: database.url });
const app = await NestFactory.createApplicationContext(
  {
    module: class RoutingBench {},
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: database.url, poolSize: CONCURRENCY + 4 }),
      ScheduleModule.forRoot(),
      CqrsModule.forRoot(),
      EventStoreModule,
      ClockModule,
      RoutingModule.forRoot({ squadDirectory: { useValue: directory }, http: false }),
    ],
  },
  { logger: ['error'] },
);
await app.init();
try {
  const context = systemContext({ tenantId: TENANT, actor: { kind: 'system', id: 'bench' } }, new Date());
  await app.get(CommandBus).execute(new BulkCreateRoutingRulesCommand(context, { kind: 'squad', squadId: SQUAD }, rules));
  const [{ count }] = await app.get(Database).query<{ count: string }>('SELECT count(*) FROM routing_rules WHERE squad_id = $1', [SQUAD]);
  if (Number(count) !== rules.length) throw new Error(`expected ${rules.length} rules in the read model, found ${count}`);

  const routing = app.get(RoutingReadModel);
  const db = app.get(Database);
  const candidates = await loadChainCandidates(db, TENANT, SQUAD, askerRoles[0], 'architecture');
  const inMemory = rules.map((spec, index) => ({ ...spec, id: `r${index}` }));
  const first = await routing.chainFor(TENANT, SQUAD, askerRoles[0], 'architecture');
  // Default maximum level is 3: levels 0–3 form the chain and level 4 is reported beyond it.
  if (first.levels.length + first.beyondMaxLevel.length !== LEVELS || candidates.squadRules.length !== 2 * LEVELS)
    throw new Error('unexpected chain shape');

  for (let n = 0; n < 500; n++) await routing.chainFor(TENANT, SQUAD, question(n).askerRole, question(n).questionType); // warm-up
  const pure = await rate(1, async (n) => resolveChain({ squadRules: inMemory, orgRules: [], templateRules: [], members, ...question(n) }));
  const sql1 = await rate(1, (n) => loadChainCandidates(db, TENANT, SQUAD, question(n).askerRole, question(n).questionType));
  const chain1 = await rate(1, (n) => routing.chainFor(TENANT, SQUAD, question(n).askerRole, question(n).questionType));
  const sql16 = await rate(CONCURRENCY, (n) => loadChainCandidates(db, TENANT, SQUAD, question(n).askerRole, question(n).questionType));
  const chain16 = await rate(CONCURRENCY, (n) => routing.chainFor(TENANT, SQUAD, question(n).askerRole, question(n).questionType));

  const round = (value: number) => Math.round(value);
  process.stdout.write(
    [
      `routing benchmark: squad with ${rules.length} rules (${ASKERS} asker roles × ${TYPES.length} question types × ${LEVELS} levels), ${members.length} members`,
      `host: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown'}; ${SECONDS}s per measurement`,
      `baseline pure resolver over all ${rules.length} rules, in memory:   ${round(pure)} /s`,
      `baseline bare SQL fetch of one chain's candidates, 1 caller:  ${round(sql1)} /s`,
      `baseline bare SQL fetch, ${CONCURRENCY} callers:                       ${round(sql16)} /s`,
      `chainFor (read model + settings + resolve), 1 caller:        ${round(chain1)} /s  (${(1000 / chain1).toFixed(2)} ms each)`,
      `chainFor, ${CONCURRENCY} callers:                                      ${round(chain16)} /s  (${(chain16 / sql16).toFixed(2)} of bare SQL)`,
      `RESULT resolutions_per_s=${round(chain16)} resolutions_1caller_per_s=${round(chain1)} sql_fetch_per_s=${round(sql16)} pure_resolver_per_s=${round(pure)}`,
      '',
    ].join('\n'),
  );
} finally {
  await app.close();
  await database.drop();
  await server.stop();
}
