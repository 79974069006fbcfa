import type { DomainEvent } from '../../platform/event-store/event.types.js';

export const PLANS = ['free', 'pro', 'team', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export type OrganizationCreated = DomainEvent<
  'OrganizationCreated',
  { organizationId: string; name: string; plan: Plan; createdAt: string }
>;
export type OrganizationUpdated = DomainEvent<
  'OrganizationUpdated',
  { organizationId: string; name?: string; plan?: Plan; updatedAt: string }
>;

/** Stream `organization-<id>`, schema version 1. */
export type OrganizationEvent = OrganizationCreated | OrganizationUpdated;
export const organizationEventTypes: readonly OrganizationEvent['type'][] = ['OrganizationCreated', 'OrganizationUpdated'];
