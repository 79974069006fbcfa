import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/app-config.js';
import { Database } from '../../platform/database/database.js';
import { StreamVersionConflictError } from '../../platform/event-store/event-store.errors.js';
import { DemoOrganizationHooks } from './demo-organization.hooks.js';
import { TenancyService } from './tenancy.service.js';

/** Fixed, so two replicas starting on one empty database create one demo organization. */
export const DEMO_ORGANIZATION_ID = '00000000-0000-4000-8000-00000000de70';

/**
 * On the first start against an empty database: a demo organization with one squad and an admin
 * key, printed once in the startup banner (it is stored hashed and cannot be shown again).
 */
@Injectable()
export class DemoOrganizationSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoOrganization');

  constructor(
    private readonly db: Database,
    private readonly tenancy: TenancyService,
    private readonly hooks: DemoOrganizationHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The admin key of the demo organization this start created: main.ts prints it in its banner, once. */
  createdAdminKey: string | undefined;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoOrganization) return;
    const created = await this.seedIfEmpty();
    if (!created) return;
    this.createdAdminKey = created.adminKey;
    this.logger.log('Created the demo organization "Demo Org" with the squad "Demo Squad"');
  }

  /**
   * Creates the demo organization if there is no organization at all, then runs the registered
   * hooks (agent templates, routing); returns its admin key.
   */
  async seedIfEmpty(): Promise<{ organizationId: string; squadId: string; adminKey: string } | undefined> {
    const [any] = await this.db.query('SELECT 1 FROM organizations LIMIT 1');
    if (any) return undefined;
    let organization;
    try {
      organization = await this.tenancy.createOrganization('Demo Org', 'team', DEMO_ORGANIZATION_ID);
    } catch (error) {
      if (error instanceof StreamVersionConflictError) return undefined; // another replica did it
      throw error;
    }
    const { squadId } = await this.tenancy.createSquad(DEMO_ORGANIZATION_ID, 'Demo Squad', [
      { kind: 'human', role: 'backend_developer', displayName: 'Bea Backend', agentSlug: null },
      { kind: 'agent', role: 'tech_lead', displayName: 'Tess Lead', agentSlug: 'tech-lead' },
      { kind: 'agent', role: 'solution_architect', displayName: 'Sol Architect', agentSlug: 'technical-architect' },
      { kind: 'human', role: 'project_manager', displayName: 'Pat Manager', agentSlug: null },
    ]);
    await this.hooks.created({ organizationId: organization.organizationId, squadId });
    return { organizationId: organization.organizationId, squadId, adminKey: organization.adminKey };
  }
}
