import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent } from './event.types.js';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** The stream's version after the append. */
  nextVersion: number;
  events: RecordedEvent[];
}

export interface PendingAppend {
  streamId: string;
  events: readonly DomainEvent[];
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}
