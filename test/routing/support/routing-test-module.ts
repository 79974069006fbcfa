import 'reflect-metadata';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { ClockModule } from '../../../src/platform/decider/clock.js';
import { ConfigModule } from '../../../src/platform/config/config.module.js';
import { DatabaseModule } from '../../../src/platform/database/database.module.js';
import { Database } from '../../../src/platform/database/database.js';
import { EventStoreModule } from '../../../src/platform/event-store/event-store.module.js';
import { RoutingModule } from '../../../src/routing/index.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';
import { InMemorySquadDirectory } from './in-memory-squad-directory.js';

export interface RoutingTestbed {
  module: TestingModule;
  db: Database;
  squads: InMemorySquadDirectory;
  close(): Promise<void>;
}

/** The routing module on the real platform (event store, projections, Postgres), without HTTP. */
export async function startRoutingTestbed(): Promise<RoutingTestbed> {
  const database: TestDatabase = await createTestDatabase();
  const squads = new InMemorySquadDirectory();
  const module = await Test.createTestingModule({
    imports: [
      ClockModule,
      ConfigModule.forRoot(loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: database.url })),
      DatabaseModule.forRoot({ url: database.url, poolSize: 5 }),
      ScheduleModule.forRoot(),
      CqrsModule.forRoot(),
      EventStoreModule,
      RoutingModule.forRoot({ squadDirectory: { useValue: squads }, http: false }),
    ],
  }).compile();
  module.useLogger(['error', 'warn']);
  await module.init();
  return {
    module,
    db: module.get(Database),
    squads,
    async close() {
      await module.close();
      await database.drop();
    },
  };
}
