import type { DomainEvent } from '../../platform/event-store/event.types.js';

export const MEMBER_KINDS = ['agent', 'human'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Roles are free strings validated as slugs: `backend_developer`, `tech_lead`, … */
export const ROLE_SLUG = /^[a-z][a-z0-9_]{1,62}$/;

export type SquadCreated = DomainEvent<
  'SquadCreated',
  { squadId: string; organizationId: string; name: string; description: string; createdAt: string }
>;
export type SquadUpdated = DomainEvent<'SquadUpdated', { squadId: string; name?: string; description?: string; updatedAt: string }>;
export type SquadMemberAdded = DomainEvent<
  'SquadMemberAdded',
  {
    squadId: string;
    memberId: string;
    kind: MemberKind;
    role: string;
    displayName: string;
    /** The registry agent definition an agent member runs, when it has one. */
    agentSlug: string | null;
    addedAt: string;
  }
>;
export type SquadMemberRemoved = DomainEvent<'SquadMemberRemoved', { squadId: string; memberId: string; removedAt: string }>;

/** Stream `squad-<id>`, schema version 1. Every event carries `squadId`, so it reaches the squad's realtime room. */
export type SquadEvent = SquadCreated | SquadUpdated | SquadMemberAdded | SquadMemberRemoved;
export const squadEventTypes: readonly SquadEvent['type'][] = ['SquadCreated', 'SquadUpdated', 'SquadMemberAdded', 'SquadMemberRemoved'];
