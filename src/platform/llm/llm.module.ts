import { ClockModule } from '../decider/clock.js';
import { Global, Inject, Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { Database } from '../database/database.js';
import { PostgresLlmCache } from './cache/llm-cache.js';
import { type LlmSettings, parseLlmSettings } from './llm-config.js';
import { LlmGateway } from './llm-gateway.js';
import type { LlmProvider } from './providers/llm-provider.js';
import { OfflineProvider } from './providers/offline-provider.js';
import { OpenAiProvider } from './providers/openai-provider.js';
import { type LlmClock, systemClock } from './reliability/llm-clock.js';
import { UsageController } from './usage.controller.js';
import { LlmUsageService } from './usage/llm-usage.service.js';
import { UsageRecorder } from './usage/usage-recorder.js';

/** The environment the gateway reads its providers from; replaceable in tests. */
export const LLM_ENV = Symbol('LLM_ENV');
export const LLM_SETTINGS = Symbol('LLM_SETTINGS');
export const LLM_CLOCK = Symbol('LLM_CLOCK');

/** How long usage rows wait to be written in a batch (LLM_USAGE_FLUSH_MS; 0 writes each at once). */
function usageFlushMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.LLM_USAGE_FLUSH_MS ?? 200);
  return Number.isInteger(value) && value >= 0 ? value : 200;
}

export function providerChain(settings: LlmSettings, clock: LlmClock): LlmProvider[] {
  const chain: LlmProvider[] = settings.providers.map((config) => new OpenAiProvider(config, clock));
  if (settings.offlineFallback) chain.push(new OfflineProvider());
  return chain;
}

/** The language-model gateway, for every module: inject LlmGateway. */
@Global()
@Module({
  // The usage route's default range ends at the platform Clock's now (global; imported for standalone use).
  imports: [ClockModule],
  controllers: [UsageController],
  providers: [
    // The environment as it is when the app starts (not when this file was imported): a process
    // that starts several apps, as the tests do, gives each the providers set for it.
    { provide: LLM_ENV, useFactory: (): NodeJS.ProcessEnv => ({ ...process.env }) },
    { provide: LLM_CLOCK, useValue: systemClock },
    { provide: LLM_SETTINGS, inject: [LLM_ENV], useFactory: (env: NodeJS.ProcessEnv) => parseLlmSettings(env) },
    {
      provide: UsageRecorder,
      inject: [Database, LLM_ENV],
      useFactory: (db: Database, env: NodeJS.ProcessEnv) => new UsageRecorder(db, usageFlushMs(env)),
    },
    {
      provide: LlmGateway,
      inject: [LLM_SETTINGS, Database, UsageRecorder, LLM_CLOCK],
      useFactory: (settings: LlmSettings, db: Database, usage: UsageRecorder, clock: LlmClock) => {
        const providers = providerChain(settings, clock);
        new Logger('LlmGateway').log(`language models: ${providers.map((p) => `${p.name} (${p.model})`).join(' → ')}`);
        return new LlmGateway({ settings, providers, cache: new PostgresLlmCache(db), usage, clock });
      },
    },
    LlmUsageService,
  ],
  exports: [LlmGateway, LlmUsageService],
})
export class LlmModule implements OnModuleDestroy {
  constructor(@Inject(UsageRecorder) private readonly usage: UsageRecorder) {}

  /** Buffered usage rows are written before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    await this.usage.flush();
  }
}
