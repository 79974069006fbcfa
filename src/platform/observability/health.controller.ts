import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../http/auth/auth.decorators.js';
import { SkipRateLimit } from '../http/rate-limit.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The process is up. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** The database answers and every migration this build knows is applied. */
  @Get('ready')
  async ready() {
    const checks: Record<string, { status: 'up' | 'down'; error?: string }> = {};
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = { status: 'up' };
      const pending = await this.dataSource.showMigrations();
      checks.migrations = pending ? { status: 'down', error: 'migrations pending' } : { status: 'up' };
    } catch (error) {
      checks.database = { status: 'down', error: (error as Error).message };
    }
    const ok = Object.values(checks).every((check) => check.status === 'up') && checks.migrations !== undefined;
    if (!ok) throw new ServiceUnavailableException({ status: 'error', checks });
    return { status: 'ok', checks };
  }
}
