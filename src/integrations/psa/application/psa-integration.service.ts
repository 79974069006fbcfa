import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { AppConfig } from '../../../platform/config/app-config.js';
import { Database } from '../../../platform/database/database.js';
import { Clock } from '../../../platform/decider/clock.js';
import { NotFoundError } from '../../../platform/decider/decider.js';
import { PsaUrlRefusedError } from '../domain/psa.errors.js';
import type { PsaEventType } from '../domain/psa-event-types.js';
import { secretFingerprint } from '../domain/psa-signature.js';
import { checkWebhookUrl } from '../domain/psa-url-guard.js';
import { refusedAddressOf } from './psa-address-guard.js';

export interface PsaIntegrationView {
  url: string;
  events: PsaEventType[];
  updatedAt: Date;
  updatedBy: string;
}

export interface ConfigurePsaIntegration {
  tenantId: string;
  url: string;
  secret: string;
  events: PsaEventType[];
  /** The API key (id) that made the change. */
  actor: string;
}

interface IntegrationRow {
  url: string;
  events: PsaEventType[];
  updated_at: Date;
  updated_by: string;
}

/**
 * The organization's PSA webhook configuration. The secret is kept in this table only: it is
 * write-only for the API, and logs name at most its fingerprint.
 */
@Injectable()
export class PsaIntegrationService {
  private readonly logger = new Logger(PsaIntegrationService.name);

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenantId: string): Promise<PsaIntegrationView> {
    const [row] = await this.db.query<IntegrationRow>(
      `SELECT url, events, updated_at, updated_by FROM psa_integrations WHERE tenant_id = $1`,
      [tenantId],
    );
    if (!row) throw new NotFoundError('PSA integration of organization', tenantId);
    return { url: row.url, events: row.events, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async configure(command: ConfigurePsaIntegration): Promise<PsaIntegrationView> {
    await this.checkUrl(command.url);
    const now = this.clock.now();
    await this.db.query(
      `INSERT INTO psa_integrations (tenant_id, url, secret, events, configured_at, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET url = $2, secret = $3, events = $4, updated_at = $5, updated_by = $6`,
      [command.tenantId, command.url, command.secret, command.events, now, command.actor],
    );
    this.logger.log(
      `PSA integration of ${command.tenantId} set by ${command.actor}: events ${command.events.join(',')}, secret ${secretFingerprint(command.secret)}`,
    );
    return this.get(command.tenantId);
  }

  async remove(tenantId: string, actor: string): Promise<void> {
    const removed = await this.db.query(`DELETE FROM psa_integrations WHERE tenant_id = $1 RETURNING tenant_id`, [tenantId]);
    if (removed.length === 0) throw new NotFoundError('PSA integration of organization', tenantId);
    this.logger.log(`PSA integration of ${tenantId} removed by ${actor}`);
  }

  /** http(s) only; a host that is or resolves to a refused range is refused unless configuration allows it. */
  private async checkUrl(raw: string): Promise<void> {
    const allowPrivate = this.config.psa.allowPrivateUrls;
    const checked = checkWebhookUrl(raw, allowPrivate);
    if (!checked.ok) throw new PsaUrlRefusedError(checked.reason);
    if (allowPrivate) return;
    let refused: string | undefined;
    try {
      refused = await refusedAddressOf(checked.url.hostname);
    } catch {
      throw new PsaUrlRefusedError(`${checked.url.hostname} does not resolve`);
    }
    if (refused) throw new PsaUrlRefusedError(`${checked.url.hostname} resolves to ${refused}, in a refused range`);
  }
}
