import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/index.js';
import { RegistryModule } from '../registry/index.js';
import { OrganizationAgentSquads } from './organization-agent-squads.js';
import { OrganizationContentSeeder } from './organization-content.seeder.js';

/** Glue between modules that must not know each other: what the application adds on top of them. */
@Module({
  imports: [OrganizationsModule, RegistryModule],
  providers: [OrganizationContentSeeder, OrganizationAgentSquads],
  exports: [OrganizationContentSeeder],
})
export class WiringModule {}
