import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../support/free-port.js';
import { sleep } from '../support/until.js';

const main = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

/** `npm start` without DATABASE_URL: the built app as a child process on an embedded Postgres. */
describe('start with no DATABASE_URL (embedded Postgres)', () => {
  let dataDir: string;
  let port: number;
  let pgPort: number;
  let databaseUrl: string;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agent-squad-start-'));
    port = await freePort();
    do pgPort = await freePort();
    while (pgPort === port);
    databaseUrl = `postgres://postgres:agent-squad@127.0.0.1:${pgPort}/agent_squad`;
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(pgPort) };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let waited = 0; waited < 60_000; waited += 200) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (ready?.ok) return child;
      if (child.exitCode !== null) break;
      await sleep(200);
    }
    throw new Error(`the app did not become ready:\n${output}`);
  }

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  it('starts, keeps its data across a restart, and stops the database on SIGTERM', async () => {
    const first = await start();
    expect(output).toContain(`listening on http://localhost:${port}`);
    expect(output).toMatch(/"adminKey":"ask_[\w-]+"/); // the demo organization's key, in the JSON ready line
    expect(output).not.toContain('"context":"InstanceLoader"'); // module-init and route lines are debug
    expect(output).not.toContain('"context":"RouterExplorer"');
    await query(`INSERT INTO projection_checkpoints (name, position) VALUES ('restart-proof', 42)`);
    first.kill('SIGTERM');
    const stoppedAt = Date.now();
    const [code, signal] = await once(first, 'exit');
    // Nest's shutdown hooks end the process by the signal it received (a shell reports 143).
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000); // within Docker's grace period
    expect(output).toContain('"msg":"stopped"');
    await expect(query('SELECT 1')).rejects.toThrow(); // the embedded server stopped with the app

    const second = await start();
    try {
      expect(await query(`SELECT position FROM projection_checkpoints WHERE name = 'restart-proof'`)).toEqual([{ position: '42' }]);
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }
  });

  it('recovers after being killed with SIGKILL: the next start reuses the orphaned database server', async () => {
    const killed = await start();
    await query(`INSERT INTO projection_checkpoints (name, position) VALUES ('kill-proof', 43)`);
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    const next = await start();
    try {
      expect(await query(`SELECT position FROM projection_checkpoints WHERE name = 'kill-proof'`)).toEqual([{ position: '43' }]);
    } finally {
      next.kill('SIGTERM');
      await once(next, 'exit');
    }
    await expect(query('SELECT 1')).rejects.toThrow();
  });
});
