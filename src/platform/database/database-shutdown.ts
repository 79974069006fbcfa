import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The embedded Postgres main.ts started, if any: stopped when the application shuts down. */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

export interface StoppableDatabase {
  stop(): Promise<void>;
}

/**
 * The last step of a shutdown (SIGINT / SIGTERM through `enableShutdownHooks`, or `app.close()`):
 * close the connection pool, then stop the embedded database.
 *
 * Nest runs `onApplicationShutdown` from the root module down and global modules last, so this
 * hook (PlatformModule) runs *before* @nestjs/typeorm's, which would close the pool. Closing the
 * data source here ourselves is what orders "pool closed" before "server stopped"; typeorm's own
 * hook then finds it destroyed and does nothing. HTTP, sockets and pollers are already down: Nest
 * disposes the server and runs `onModuleDestroy` before this phase.
 */
@Injectable()
export class DatabaseShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMBEDDED_DATABASE) private readonly embedded: StoppableDatabase | null,
  ) {}

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(signal ? `stopping (${signal})` : 'stopping');
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      // Without an embedded database there is nothing to order: @nestjs/typeorm closes its own
      // pool, as it always has (closing it here too hung contexts of several platforms in one
      // process, as the tests run them).
      if (this.embedded) {
        if (this.dataSource.isInitialized) await this.dataSource.destroy();
        await this.embedded.stop();
      }
      this.logger.log('stopped');
    } catch (error) {
      this.logger.error({ err: error }, 'unclean stop');
    }
  }
}
