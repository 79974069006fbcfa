/** Who caused an event: a member of a squad, an API key, or the system itself (sagas, deadlines). */
export interface Actor {
  kind: 'member' | 'api_key' | 'system';
  id: string;
}

export interface EventMetadata {
  tenantId: string | null;
  actor: Actor | null;
  correlationId: string;
  causationId: string | null;
  requestId?: string;
}

/** An event as a decider produces it: plain data with a `type` discriminant. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Version of this event type's schema; readers upcast older versions. */
  schemaVersion?: number;
}

/** An event as the store returns it. `position` is global and increases in commit order. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** `number` is the version the stream must be at (0: must not exist); `any` skips the check. */
export type ExpectedVersion = number | 'any';
