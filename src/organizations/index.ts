/** The organizations module's public surface: other modules import only from here. */
export { OrganizationsModule } from './organizations.module.js';
export { OrganizationsAuthModule } from './organizations-auth.module.js';
export { TenancyService, type CreatedOrganization } from './application/tenancy.service.js';
export { DEMO_ORGANIZATION_ID, DemoOrganizationSeeder } from './application/demo-organization.seeder.js';
export { type DemoOrganization, type DemoOrganizationHook, DemoOrganizationHooks } from './application/demo-organization.hooks.js';
export { GetSquadMemberQuery } from './application/get-squad-member.query.js';
export { GetSquadRosterQuery } from './application/get-squad-roster.query.js';
export { GetSquadQuery } from './application/get-squad.query.js';
export { ListSquadMembersQuery } from './application/list-squad-members.query.js';
export type { MemberView, OrganizationView, SquadView } from './application/views.js';
export type { OrganizationEvent, Plan } from './domain/organization.events.js';
export type { SquadEvent, MemberKind } from './domain/squad.events.js';
export type { ApiKeyEvent, ApiKeyRole } from './domain/api-key.events.js';
export { organizationEventTypes } from './domain/organization.events.js';
export { squadEventTypes } from './domain/squad.events.js';
export { apiKeyEventTypes } from './domain/api-key.events.js';
export { orgCreate } from './cli/org-create.cli.js';
export { keyCreate } from './cli/key-create.cli.js';
