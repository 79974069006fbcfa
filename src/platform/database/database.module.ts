import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from './data-source.js';
import { Database } from './database.js';

export interface DatabaseModuleOptions {
  url: string;
  poolSize?: number;
}

/** Connects, applies migrations before anything else starts, and exports DataSource and Database. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', url: options.url }),
          dataSourceFactory: async () => {
            const dataSource = createDataSource(options.url, options.poolSize);
            await dataSource.initialize();
            await migrate(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [
        {
          provide: Database,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => new Database((dataSource.driver as unknown as { master: Pool }).master),
        },
      ],
      exports: [Database],
    };
  }
}
