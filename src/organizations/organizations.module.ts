import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { ApiKeysController } from './api/api-keys.controller.js';
import { OrganizationsController } from './api/organizations.controller.js';
import { SquadMembersController } from './api/squad-members.controller.js';
import { SquadsController } from './api/squads.controller.js';
import { DemoOrganizationHooks } from './application/demo-organization.hooks.js';
import { DemoOrganizationSeeder } from './application/demo-organization.seeder.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { TenancyService } from './application/tenancy.service.js';
import { OrganizationsAuthModule } from './organizations-auth.module.js';
import { ApiKeysProjection } from './projections/api-keys.projection.js';
import { OrganizationsProjection } from './projections/organizations.projection.js';
import { SquadsProjection } from './projections/squads.projection.js';

/** Tenancy: organizations, squads, members and API keys (and the API-key authenticator). */
@Module({
  imports: [OrganizationsAuthModule],
  controllers: [OrganizationsController, SquadsController, SquadMembersController, ApiKeysController],
  providers: [...commandHandlers, ...queryHandlers, TenancyService, DemoOrganizationSeeder, DemoOrganizationHooks],
  exports: [TenancyService, DemoOrganizationHooks],
})
export class OrganizationsModule implements OnModuleInit {
  constructor(private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(new OrganizationsProjection());
    this.projections.register(new SquadsProjection());
    this.projections.register(new ApiKeysProjection());
  }
}
