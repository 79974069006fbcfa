import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ClockModule } from './decider/clock.js';
import { DatabaseModule } from './database/database.module.js';
import { DatabaseShutdown, EMBEDDED_DATABASE, type StoppableDatabase } from './database/database-shutdown.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { ApiKeyGuard } from './http/auth/api-key.guard.js';
import { NoApiKeysModule } from './http/auth/no-api-keys.module.js';
import { ContentTypeGuard } from './http/input/content-type.guard.js';
import { UnauthenticatedLimiter } from './http/auth/unauthenticated-limiter.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { IdempotencyStore } from './http/idempotency.store.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { RateLimitGuard } from './http/rate-limit.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { LlmModule } from './llm/llm.module.js';
import { loggingParams } from './observability/logging.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';

export interface PlatformOptions {
  config: AppConfig;
  /** The resolved database: DATABASE_URL, or the embedded server main.ts started. */
  databaseUrl: string;
  /** A module that provides API_KEY_AUTHENTICATOR; without one, no API key is valid. */
  authentication?: Type<unknown>;
  /** The embedded Postgres main.ts started: stopped on shutdown, after the pool is closed. */
  embeddedDatabase?: StoppableDatabase;
}

/**
 * The shared kernel every domain module builds on. Knows no domain. The API-key guard needs an
 * API_KEY_AUTHENTICATOR, which the application passes in as `authentication` (organizations).
 * Every HTTP route: body media type → API key (unless @Public) → rate limit → Idempotency-Key → validation → handler;
 * every error → problem+json.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(options.config),
        ClockModule,
        options.authentication ?? NoApiKeysModule,
        LoggerModule.forRoot(loggingParams(options.config.logLevel)),
        DatabaseModule.forRoot({ url: options.databaseUrl }),
        LlmModule,
        ScheduleModule.forRoot(),
        CqrsModule.forRoot(),
        EventStoreModule,
        ObservabilityModule,
        RealtimeModule,
        AuditModule,
      ],
      providers: [
        IdempotencyStore,
        { provide: EMBEDDED_DATABASE, useValue: options.embeddedDatabase ?? null },
        DatabaseShutdown,
        UnauthenticatedLimiter,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_PIPE, useValue: createValidationPipe() },
      ],
      exports: [RealtimeModule],
    };
  }
}
