import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CommandBus } from '@nestjs/cqrs';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { buildBranchPrompt } from '../src/branching/index.js';
import { ForkSessionCommand } from '../src/branching/application/fork-session.command.js';
import { StartSessionCommand } from '../src/branching/application/start-session.command.js';
import { branchStreamId } from '../src/branching/domain/session.stream.js';
import type { BranchMessageEvent } from '../src/branching/domain/branch-messages.events.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import type { CommandContext } from '../src/platform/decider/command-context.js';
import { EventStore } from '../src/platform/event-store/event-store.js';
import { Database } from '../src/platform/database/database.js';
import { EventTail } from '../src/platform/realtime/event-tail.js';
import { profiled } from './support/cpu-profile.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * Fork latency from a branch with 10 and with 10,000 messages in its history (a fork references its
 * position, so both should cost the same: fork_ratio = p50 at 10,000 / p50 at 10, the baseline
 * measured in the same run), and the pure prompt build at fork depth 5 (p99).
 *   npm run bench:branching              (DATABASE_URL, or an embedded Postgres)
 *   BENCH_CPU_PROFILE=<file>.cpuprofile  profiles the forks from 10,000 messages alone (Node's CPU)
 */
const FORKS = Number(process.env.BENCH_FORKS ?? 200);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 2000);

const server = await benchServer();
const database = await createScratchDatabase(server.url, 'agent_squad_bench');
const config = loadConfig({ LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false', DATABASE_URL: database.url });
const app = await createApp({ config, databaseUrl: database.url });
await app.init();
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const round = (n: number) => Math.round(n * 1000) / 1000;

try {
  const organization = await app.get(TenancyService).createOrganization('Bench', 'enterprise');
  const commands = app.get(CommandBus);
  const store = app.get(EventStore);
  const db = app.get(Database);
  const tail = app.get(EventTail);
  const context = (): CommandContext => ({
    tenantId: organization.organizationId,
    actor: { kind: 'system', id: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
    now: new Date().toISOString(),
  });

  async function sessionWith(messages: number): Promise<{ sessionId: string; rootBranchId: string }> {
    const sessionId = randomUUID();
    const rootBranchId = randomUUID();
    await commands.execute(new StartSessionCommand(context(), sessionId, rootBranchId, 'Bench problem', null, null, null));
    // The history is written straight to the branch's stream (through the inline projection), 500 events per append.
    for (let done = 0; done < messages; done += 500) {
      const events: BranchMessageEvent[] = Array.from({ length: Math.min(500, messages - done) }, (_, i) => ({
        type: 'BranchMessagePosted',
        data: {
          sessionId,
          branchId: rootBranchId,
          messageId: randomUUID(),
          text: `message ${done + i}: checked the resolver and the firewall once more`,
          attachmentIds: [],
          by: { kind: 'system', id: 'bench' },
          postedAt: new Date().toISOString(),
        },
      }));
      await store.append(branchStreamId(rootBranchId), events, {
        expectedVersion: done,
        metadata: {
          tenantId: organization.organizationId,
          actor: { kind: 'system', id: 'bench' },
          correlationId: sessionId,
          causationId: null,
        },
      });
    }
    return { sessionId, rootBranchId };
  }

  /**
   * Waits until the app's followers (async projections, the realtime tail) have read the store to its
   * head. The history is written in one second here, not over the days a real one takes: forks timed
   * while the followers work through 10,000 events in the same process measure that catch-up.
   */
  async function followersCaughtUp(): Promise<void> {
    const head = await store.readableHeadPosition();
    for (let poll = 0; poll < 1000; poll++) {
      const [behind] = await db.query<{ count: string }>('SELECT count(*) FROM projection_checkpoints WHERE position < $1', [head]);
      if (Number(behind.count) === 0 && tail.position >= head) return;
      await delay(10);
    }
    throw new Error(`the followers did not reach position ${head} in 10 s`);
  }

  async function forkTimes(messages: number): Promise<number[]> {
    const { sessionId, rootBranchId } = await sessionWith(messages);
    await followersCaughtUp();
    const times: number[] = [];
    await profiled(messages === 10_000 ? process.env.BENCH_CPU_PROFILE : undefined, async () => {
      for (let n = 0; n < FORKS; n++) {
        const started = performance.now();
        await commands.execute(
          new ForkSessionCommand(
            context(),
            sessionId,
            rootBranchId,
            null,
            'bench',
            [
              { label: 'A', description: 'a' },
              { label: 'B', description: 'b' },
            ],
            false,
            randomUUID(),
            [randomUUID(), randomUUID()],
          ),
        );
        times.push(performance.now() - started);
      }
    });
    return times;
  }

  /**
   * The machine's own jitter, in the same run: a trivial round trip to Postgres. A fork is about five
   * of them in a row (the reads, the append's insert, its projection, the commit, the view); on a
   * shared two-core machine one round trip's p99 is several times its median, and so is a fork's.
   */
  async function roundTrips(count: number): Promise<number[]> {
    const times: number[] = [];
    for (let n = 0; n < count; n++) {
      const started = performance.now();
      await db.query('SELECT 1');
      times.push(performance.now() - started);
    }
    return times;
  }

  // Warm up (connections, JIT) before either measured run.
  await forkTimes(10);
  const trips = await roundTrips(FORKS * 5);
  const small = await forkTimes(10);
  const large = await forkTimes(10_000);

  // Prompt build at fork depth 5: 5 ancestors × 40 turns inherited, 5 siblings per level.
  const history = Array.from({ length: 240 }, (_, i) => ({
    role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
    text: `turn ${i}: ${'looked at the logs and the settings again '.repeat(3)}`,
    inherited: i < 200,
  }));
  const siblings = Array.from({ length: 25 }, (_, i) => ({
    label: `Hypothesis ${i}`,
    status: (['active', 'untried', 'revived', 'dead_end', 'solved'] as const)[i % 5],
    statusReason: i % 5 === 3 ? 'ruled out by the logs' : null,
    summary: { tried: ['ping', 'dig'], concluded: 'nothing conclusive', artifacts: [] },
  }));
  const builds: number[] = [];
  for (let n = 0; n < BUILDS; n++) {
    const started = performance.now();
    buildBranchPrompt({
      problem: 'Mail is down',
      domain: 'email',
      branch: { label: 'Depth 5', description: 'the fifth fork', status: 'active' },
      history,
      siblings,
      revival: { evidence: 'port 53 blocked', fromLabel: 'Firewall' },
      attachments: [],
      newMessage: 'what next?',
      budgetTokens: 6000,
    });
    builds.push(performance.now() - started);
  }

  const p50Small = percentile(small, 50);
  const p50Large = percentile(large, 50);
  // Each fork adds two branches to the same session: the first forks see a session of a few
  // branches (a real one), the last ones a session of ~400, whose stream and tree are read whole.
  const firstForks = large.slice(0, 20);
  const lastForks = large.slice(-20);
  process.stdout.write(
    `fork from 10 messages: p50 ${round(p50Small)} ms, p99 ${round(percentile(small, 99))} ms\n` +
      `fork from 10,000 messages: p50 ${round(p50Large)} ms, p99 ${round(percentile(large, 99))} ms\n` +
      `fork from 10,000 messages, first 20 forks (≤ 40 branches): p50 ${round(percentile(firstForks, 50))} ms, ` +
      `p99 ${round(percentile(firstForks, 99))} ms; last 20 (~400 branches): p50 ${round(percentile(lastForks, 50))} ms\n` +
      `round trip (SELECT 1), same run: p50 ${round(percentile(trips, 50))} ms, p99 ${round(percentile(trips, 99))} ms\n` +
      `prompt build at depth 5 (240 turns, 25 siblings): p50 ${round(percentile(builds, 50))} ms, p99 ${round(percentile(builds, 99))} ms\n`,
  );
  process.stdout.write(
    `RESULT fork_ms_10=${round(p50Small)} fork_ms_10000=${round(p50Large)} fork_ratio=${round(p50Large / p50Small)} ` +
      `fork_p99_ms_10000=${round(percentile(large, 99))} fork_p99_ms_first_20_forks=${round(percentile(firstForks, 99))} ` +
      `fork_ms_last_20_forks=${round(percentile(lastForks, 50))} prompt_build_ms_p99=${round(percentile(builds, 99))} ` +
      `baseline_round_trip_ms_p50=${round(percentile(trips, 50))} baseline_round_trip_ms_p99=${round(percentile(trips, 99))}\n`,
  );
} finally {
  await app.close();
  await database.drop();
  await server.stop();
}
