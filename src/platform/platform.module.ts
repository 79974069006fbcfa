import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { loggingParams } from './observability/logging.js';
import { ObservabilityModule } from './observability/observability.module.js';

export interface PlatformOptions {
  config: AppConfig;
  /** The resolved database: DATABASE_URL, or the embedded server main.ts started. */
  databaseUrl: string;
}

/** The shared kernel every domain module builds on. Knows no domain. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(loggingParams(options.config.logLevel)),
        DatabaseModule.forRoot({ url: options.databaseUrl }),
        ScheduleModule.forRoot(),
        CqrsModule.forRoot(),
        EventStoreModule,
        ObservabilityModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
