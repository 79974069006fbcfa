import { systemContext } from '../src/platform/decider/command-context.js';
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CommandBus } from '@nestjs/cqrs';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { TenancyService } from '../src/organizations/index.js';
import { loadConfig } from '../src/platform/config/app-config.js';
import { ChangeInteractionSettingsCommand, BulkCreateRoutingRulesCommand } from '../src/routing/index.js';
import { type FiringProfile, FiringProfiler, describeProfile, profileBetween } from './support/firing-profile.js';
import { benchServer, createScratchDatabase } from './support/scratch-database.js';

/**
 * How late follow-ups and escalations fire. QUESTIONS questions wait at once, their first timeouts
 * falling due evenly over SPREAD_S seconds that start once every question has been asked (each
 * squad's first timeout is set just before its questions are asked, so asking does not overlap the
 * firing); each is followed up and escalated once (level 0 → level 1) by the app running as one,
 * then two, child processes. Lateness = when the event was written − when its timeout was due (both
 * in the events).
 *   npm run bench:escalation                       (DATABASE_URL, or an embedded Postgres)
 *   BENCH_QUESTIONS=1000 BENCH_SECOND_MS=100 npm run bench:escalation     (a quick run)
 */
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 10_000);
const SECOND_MS = Number(process.env.BENCH_SECOND_MS ?? 1000);
const SPREAD_S = 60;
const SQUADS = 30;
const FOLLOW_UP_S = 10;
const ASK_CONCURRENCY = 32;
/** Asking speed assumed when placing the first due time (questions per second), with a margin. */
const ASSUMED_ASKS_PER_S = Number(process.env.BENCH_ASKS_PER_S ?? 80);
const main = fileURLToPath(new URL('../src/main.js', import.meta.url));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Setup {
  adminKey: string;
  squads: { squadId: string; askerId: string }[];
}

async function setUp(databaseUrl: string): Promise<Setup> {
  const config = loadConfig({ LOG_LEVEL: 'error', DEMO_ORGANIZATION: 'false', DATABASE_URL: databaseUrl });
  const app = await createApp({ config, databaseUrl });
  await app.init();
  try {
    const tenancy = app.get(TenancyService);
    const commands = app.get(CommandBus);
    const organization = await tenancy.createOrganization('Bench', 'enterprise');
    const tenantId = organization.organizationId;
    const squads: Setup['squads'] = [];
    for (let k = 0; k < SQUADS; k++) {
      const { squadId, memberIds } = await tenancy.createSquad(tenantId, `Squad ${k}`, [
        { kind: 'human', role: 'backend_developer', displayName: 'Asker', agentSlug: null },
        { kind: 'human', role: 'tech_lead', displayName: 'Lead', agentSlug: null },
        { kind: 'human', role: 'solution_architect', displayName: 'Architect', agentSlug: null },
      ]);
      const context = systemContext({ tenantId, actor: { kind: 'system', id: 'bench' } }, new Date());
      await commands.execute(
        new BulkCreateRoutingRulesCommand(context, { kind: 'squad', squadId }, [
          {
            askerRole: 'backend_developer',
            questionType: 'default',
            level: 0,
            responder: { kind: 'role', role: 'tech_lead' },
            priority: 0,
            active: true,
          },
          {
            askerRole: 'backend_developer',
            questionType: 'default',
            level: 1,
            responder: { kind: 'role', role: 'solution_architect' },
            priority: 0,
            active: true,
          },
        ]),
      );
      const firstTimeoutSeconds = 10 + Math.round((k * SPREAD_S) / SQUADS);
      await commands.execute(
        new ChangeInteractionSettingsCommand(context, squadId, { firstTimeoutSeconds, followUpTimeoutSeconds: FOLLOW_UP_S }),
      );
      squads.push({ squadId, askerId: memberIds[0] });
    }
    return { adminKey: organization.adminKey, squads };
  } finally {
    await app.close();
  }
}

interface Process {
  url: string;
  child: ChildProcess;
  peakRssMb: number;
  output: string;
}

async function startProcess(databaseUrl: string, port: number): Promise<Process> {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'error',
      DEMO_ORGANIZATION: 'false',
      RATE_LIMIT_PER_MINUTE: '100000000',
      INTERACTION_SECOND_MS: String(SECOND_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Process = { url: `http://127.0.0.1:${port}`, child, peakRssMb: 0, output: '' };
  child.stdout!.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
  for (let waited = 0; waited < 60_000; waited += 100) {
    if ((await fetch(`${started.url}/health/ready`).catch(() => undefined))?.ok) return started;
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`app did not start:\n${started.output}`);
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(serverUrl: string, processes: number) {
  const database = await createScratchDatabase(serverUrl, 'agent_squad_bench');
  const db = new pg.Pool({ connectionString: database.url, max: 3 });
  const apps: Process[] = [];
  try {
    const setup = await setUp(database.url);
    for (let n = 0; n < processes; n++) apps.push(await startProcess(database.url, 45000 + Math.floor(Math.random() * 5000)));
    const sampler = setInterval(() => {
      for (const app of apps) void rssMb(app.child.pid!).then((mb) => (app.peakRssMb = Math.max(app.peakRssMb, mb)));
    }, 500);
    const askStarted = Date.now();
    const headers = { authorization: `Bearer ${setup.adminKey}`, 'content-type': 'application/json' };
    // Squad k's questions fall due at firstDue + k/SQUADS of the spread, wherever asking has got to.
    const firstDue = askStarted + Math.max(10 * SECOND_MS, ((1.3 * QUESTIONS) / ASSUMED_ASKS_PER_S + 5) * 1000);
    for (let k = 0; k < SQUADS; k++) {
      const squad = setup.squads[k];
      const dueAt = firstDue + (k * SPREAD_S * SECOND_MS) / SQUADS;
      const firstTimeoutSeconds = Math.max(10, Math.round((dueAt - Date.now()) / SECOND_MS));
      const changed = await fetch(`${apps[0].url}/api/v1/squads/${squad.squadId}/routing/settings`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ firstTimeoutSeconds }),
      });
      if (changed.status !== 200) throw new Error(`settings: ${changed.status} ${await changed.text()}`);
      const count = Math.floor(QUESTIONS / SQUADS) + (k < QUESTIONS % SQUADS ? 1 : 0);
      let next = 0;
      await Promise.all(
        Array.from({ length: ASK_CONCURRENCY }, async () => {
          while (next < count) {
            const n = next++;
            const response = await fetch(`${apps[n % apps.length].url}/api/v1/squads/${squad.squadId}/conversations`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ text: `Question ${k}.${n}`, askerMemberId: squad.askerId }),
            });
            if (response.status !== 201) throw new Error(`ask ${k}.${n}: ${response.status} ${await response.text()}`);
          }
        }),
      );
    }
    const askSeconds = (Date.now() - askStarted) / 1000;
    if (Date.now() > firstDue)
      process.stderr.write(`asking took longer than planned: timeouts fell due while questions were still being asked\n`);
    const lastDueMs = firstDue - Date.now() + (SPREAD_S + FOLLOW_UP_S) * SECOND_MS;
    const giveUpAt = Date.now() + lastDueMs + 120_000;
    const profiler = new FiringProfiler(
      db,
      database.name,
      apps.map((app) => ({ url: app.url, pid: app.child.pid! })),
    );
    const spreadStart = await profiler.sample();
    profiler.startStates();
    for (;;) {
      const [{ n }] = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'QuestionEscalated'`)).rows;
      if (Number(n) >= QUESTIONS || Date.now() > giveUpAt) break;
      await sleep(1000);
    }
    const spread = profileBetween(spreadStart, await profiler.sample(), profiler.stopStates());
    clearInterval(sampler);
    const capacity = await measureCapacity(db, profiler);
    await sleep(Math.max(1000, 3 * SECOND_MS)); // a doubled firing would land now
    const lateness = (
      await db.query<{ late: number }>(
        `SELECT extract(epoch FROM f.recorded_at - (a.data->>'timeoutAt')::timestamptz) * 1000 AS late
           FROM events f JOIN events a ON a.stream_id = f.stream_id AND a.type = 'QuestionAcknowledged' AND a.data->>'round' = '1'
          WHERE f.type = 'FollowUpSent' AND f.data->>'round' = '1'
         UNION ALL
         SELECT extract(epoch FROM e.recorded_at - (f.data->>'timeoutAt')::timestamptz) * 1000
           FROM events e JOIN events f ON f.stream_id = e.stream_id AND f.type = 'FollowUpSent' AND f.data->>'round' = '1'
          WHERE e.type = 'QuestionEscalated' AND e.data->>'round' = '2'`,
      )
    ).rows
      .map((row) => Number(row.late))
      .sort((a, b) => a - b);
    const [counts] = (
      await db.query<{ followed: string; escalated: string; doubled: string }>(
        `SELECT count(DISTINCT stream_id) FILTER (WHERE type = 'FollowUpSent' AND data->>'round' = '1') AS followed,
                count(DISTINCT stream_id) FILTER (WHERE type = 'QuestionEscalated' AND data->>'round' = '2') AS escalated,
                (SELECT count(*) FROM (SELECT stream_id, type, data->>'round' FROM events
                   WHERE type IN ('FollowUpSent', 'QuestionEscalated') GROUP BY 1, 2, 3 HAVING count(*) > 1) d) AS doubled
           FROM events`,
      )
    ).rows;
    return {
      processes,
      askSeconds,
      firings: lateness.length,
      p50: percentile(lateness, 50),
      p99: percentile(lateness, 99),
      max: lateness[lateness.length - 1],
      lost: 2 * QUESTIONS - Number(counts.followed) - Number(counts.escalated),
      doubled: Number(counts.doubled),
      rss: apps.map((app) => app.peakRssMb),
      spread,
      capacity,
    };
  } finally {
    for (const app of apps) {
      app.child.kill('SIGTERM');
      if (app.child.exitCode === null) await once(app.child, 'exit');
    }
    await db.end();
    await database.drop();
  }
}

/**
 * Firings per second at capacity: every question's level-1 first timeout (pending, due minutes
 * later) is made due at once, and the time until the last of them is fired is measured. The
 * profile of that window is the one at capacity.
 */
async function measureCapacity(db: pg.Pool, profiler: FiringProfiler): Promise<{ perSecond: number; profile: FiringProfile }> {
  const level1Timeouts = `type = 'conversation.timeout' AND status = 'pending' AND key LIKE '%:timeout:2:first'`;
  for (const giveUpAt = Date.now() + 60_000; Date.now() < giveUpAt; await sleep(500)) {
    const [{ n }] = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM deadlines WHERE ${level1Timeouts}`)).rows;
    if (Number(n) >= QUESTIONS) break;
  }
  const start = await profiler.sample();
  profiler.startStates();
  const burst = await db.query<{ id: string; at: Date }>(
    `UPDATE deadlines SET due_at = now() WHERE ${level1Timeouts} RETURNING id, now() AS at`,
  );
  const ids = burst.rows.map((row) => row.id);
  let lastFiredAt = burst.rows[0]?.at ?? new Date();
  for (const giveUpAt = Date.now() + 300_000; Date.now() < giveUpAt; await sleep(250)) {
    const [row] = (
      await db.query<{ done: string; last: Date | null }>(
        `SELECT count(*) AS done, max(fired_at) AS last FROM deadlines WHERE id = ANY($1::bigint[]) AND status = 'done'`,
        [ids],
      )
    ).rows;
    if (row.last) lastFiredAt = row.last;
    if (Number(row.done) >= ids.length) break;
  }
  const profile = profileBetween(start, await profiler.sample(), profiler.stopStates());
  const seconds = (lastFiredAt.getTime() - (burst.rows[0]?.at ?? lastFiredAt).getTime()) / 1000;
  return { perSecond: seconds > 0 ? ids.length / seconds : 0, profile };
}

const server = await benchServer();
try {
  const one = await run(server.url, 1);
  const two = await run(server.url, 2);
  const ms = (value: number) => value.toFixed(1);
  const lines = [
    `escalation benchmark: ${QUESTIONS} questions, first timeouts spread over ${SPREAD_S} × ${SECOND_MS} ms, follow-up timeout ${FOLLOW_UP_S} × ${SECOND_MS} ms`,
    `host: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown'}; default DEADLINE_POLL_MS (100)`,
  ];
  for (const result of [one, two]) {
    lines.push(
      `${result.processes} process(es): asked in ${result.askSeconds.toFixed(1)} s; ${result.firings} follow-ups + escalations; ` +
        `lateness p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms, max ${ms(result.max)} ms; lost ${result.lost}, doubled ${result.doubled}; ` +
        `peak RSS ${result.rss.map((mb) => `${mb.toFixed(0)} MB`).join(' + ')}`,
      `  during the spread: ${describeProfile(result.spread)}`,
      `  at capacity (${QUESTIONS} level-1 timeouts due at once): ${result.capacity.perSecond.toFixed(0)} firings/s; ${describeProfile(result.capacity.profile)}`,
    );
  }
  lines.push(
    `RESULT lateness_p50_ms=${ms(one.p50)} lateness_p99_ms=${ms(one.p99)} lateness_max_ms=${ms(one.max)} lateness_p99_ms_2proc=${ms(two.p99)} ` +
      `rss_mb=${Math.max(...one.rss, ...two.rss).toFixed(0)} capacity_firings_per_s_1proc=${one.capacity.perSecond.toFixed(0)} ` +
      `capacity_firings_per_s_2proc=${two.capacity.perSecond.toFixed(0)} ` +
      `lock_wait_share=${Math.max(one.capacity.profile.lockWaitShare, two.capacity.profile.lockWaitShare).toFixed(3)}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  if (one.lost + one.doubled + two.lost + two.doubled > 0) process.exitCode = 1;
} finally {
  await server.stop();
}
