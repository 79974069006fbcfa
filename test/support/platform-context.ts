import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../src/platform/config/app-config.js';
import { Database } from '../../src/platform/database/database.js';
import { DeadlinePoller } from '../../src/platform/deadlines/deadline-poller.js';
import { DeadlineRegistry } from '../../src/platform/deadlines/deadline-registry.js';
import { EventStore } from '../../src/platform/event-store/event-store.js';
import { PlatformModule } from '../../src/platform/platform.module.js';
import { ProjectionRegistry } from '../../src/platform/projections/projection-registry.js';
import { ProjectionRebuilder, ProjectionRunner } from '../../src/platform/projections/projection-runner.js';

export interface PlatformContext {
  context: INestApplicationContext;
  db: Database;
  store: EventStore;
  projections: ProjectionRegistry;
  runner: ProjectionRunner;
  rebuilder: ProjectionRebuilder;
  deadlines: DeadlineRegistry;
  poller: DeadlinePoller;
  close(): Promise<void>;
}

/**
 * The platform kernel without HTTP, on a given database, booted (deadline poller running).
 * Async projections registered after boot are not followed automatically: tests drive them with
 * `runner.step(projection)`.
 */
export async function createPlatformContext(databaseUrl: string, env: Record<string, string> = {}): Promise<PlatformContext> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, DATABASE_URL: databaseUrl });
  const context = await NestFactory.createApplicationContext(PlatformModule.forRoot({ config, databaseUrl }), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  return {
    context,
    db: context.get(Database),
    store: context.get(EventStore),
    projections: context.get(ProjectionRegistry),
    runner: context.get(ProjectionRunner),
    rebuilder: context.get(ProjectionRebuilder),
    deadlines: context.get(DeadlineRegistry),
    poller: context.get(DeadlinePoller),
    close: () => context.close(),
  };
}
