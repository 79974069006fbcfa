import type { DomainEvent } from '../../platform/event-store/event.types.js';
import type { AgentSpec } from './agent-spec.js';

/** A new version was registered as a draft. Schema v1. */
export type AgentVersionRegistered = DomainEvent<'AgentVersionRegistered', { spec: AgentSpec; registeredAt: string }>;
/** A draft became the version that runs. Schema v1. */
export type AgentVersionPublished = DomainEvent<'AgentVersionPublished', { slug: string; version: string; publishedAt: string }>;
/** A published version must no longer be started; running instances keep it until stopped. Schema v1. */
export type AgentVersionDeprecated = DomainEvent<
  'AgentVersionDeprecated',
  { slug: string; version: string; deprecatedAt: string; reason: string | null }
>;
/** A draft that was never published was thrown away. Schema v1. */
export type AgentDraftDeleted = DomainEvent<'AgentDraftDeleted', { slug: string; version: string; deletedAt: string }>;

export type AgentDefinitionEvent = AgentVersionRegistered | AgentVersionPublished | AgentVersionDeprecated | AgentDraftDeleted;

export const AGENT_DEFINITION_EVENT_TYPES: readonly AgentDefinitionEvent['type'][] = [
  'AgentVersionRegistered',
  'AgentVersionPublished',
  'AgentVersionDeprecated',
  'AgentDraftDeleted',
];
