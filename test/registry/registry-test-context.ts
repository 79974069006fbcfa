import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { ScheduleModule } from '@nestjs/schedule';
import { loadConfig } from '../../src/platform/config/app-config.js';
import { ClockModule } from '../../src/platform/decider/clock.js';
import { ConfigModule } from '../../src/platform/config/config.module.js';
import { DatabaseModule } from '../../src/platform/database/database.module.js';
import { EventStoreModule } from '../../src/platform/event-store/event-store.module.js';
import { LlmModule } from '../../src/platform/llm/index.js';
import { AGENT_EXECUTOR, type AgentExecutor } from '../../src/registry/application/agent-executor.js';
import { DEFAULT_REGISTRY_OPTIONS, REGISTRY_OPTIONS, type RegistryOptions } from '../../src/registry/application/registry-options.js';
import { RegistryModule } from '../../src/registry/registry.module.js';
import { sleep } from '../support/until.js';

export interface RegistryBootOptions {
  options?: Partial<RegistryOptions>;
  executor?: AgentExecutor;
}

/** The registry on the platform kernel (no HTTP), booted on `databaseUrl`: workers and deadlines run. */
export async function bootRegistry(databaseUrl: string, boot: RegistryBootOptions = {}): Promise<TestingModule> {
  const config = loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, DEADLINE_POLL_MS: '20' });
  let builder = Test.createTestingModule({
    imports: [
      ClockModule,
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: databaseUrl, poolSize: 10 }),
      ScheduleModule.forRoot(),
      EventStoreModule,
      LlmModule,
      RegistryModule,
    ],
  })
    .overrideProvider(REGISTRY_OPTIONS)
    .useValue({ ...DEFAULT_REGISTRY_OPTIONS, pollMs: 50, ...boot.options });
  if (boot.executor) builder = builder.overrideProvider(AGENT_EXECUTOR).useValue(boot.executor);
  const module = await builder.compile();
  module.useLogger(['error', 'warn']);
  await module.init();
  return module;
}

/** Polls `check` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
