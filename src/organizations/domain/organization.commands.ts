import type { Plan } from './organization.events.js';

export type CreateOrganization = { type: 'CreateOrganization'; organizationId: string; name: string; plan: Plan; now: string };
export type UpdateOrganization = { type: 'UpdateOrganization'; name?: string; plan?: Plan; now: string };
export type OrganizationCommand = CreateOrganization | UpdateOrganization;
