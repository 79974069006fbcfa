import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Database } from '../database/database.js';
import { countDeadlinesDueWith } from './metrics.js';

/** Feeds the `agent_squad_deadlines_due` gauge from the deadlines table when /metrics is scraped. */
@Injectable()
export class DeadlinesDueCollector implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly db: Database) {}

  onModuleInit(): void {
    countDeadlinesDueWith(async () => {
      const [row] = await this.db.query<{ due: string }>(
        `SELECT count(*) AS due FROM deadlines WHERE status IN ('pending', 'running') AND due_at <= now()`,
      );
      return Number(row.due);
    });
  }

  onApplicationShutdown(): void {
    countDeadlinesDueWith(undefined);
  }
}
