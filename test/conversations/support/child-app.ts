import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { freePort } from '../../support/free-port.js';
import { type ConversationSquad, type SquadOptions, conversationSquad, sleep } from './conversation-squad.js';

const main = fileURLToPath(new URL('../../../dist/src/main.js', import.meta.url));

export interface ChildApp {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built app (`node dist/src/main.js`) as a separate process on `databaseUrl`. Another process
 * can still take the free port before the app binds it: then the start is tried again on another.
 */
export async function startChildApp(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startChildAppOnce(databaseUrl, env, await freePort());
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('EADDRINUSE')) throw error;
    }
  }
}

async function startChildAppOnce(databaseUrl: string, env: Record<string, string>, port: number): Promise<ChildApp> {
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', ...env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 30_000; waited += 100) {
    const ready = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (ready?.ok) {
      return {
        url,
        child,
        output: () => output,
        async kill() {
          child.kill('SIGKILL');
          if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the app did not become ready:\n${output}`);
}

/** Sets up a conversation squad with the app in this process, then stops it so only child processes run deadlines. */
export async function prepareSquad(databaseUrl: string, options: SquadOptions = {}): Promise<ConversationSquad> {
  const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ORGANIZATION: 'false', PORT: '0', DATABASE_URL: databaseUrl });
  const app = await createApp({ config, databaseUrl });
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address() as { port: number };
    return await conversationSquad(app, `http://127.0.0.1:${port}`, options);
  } finally {
    await app.close();
  }
}
