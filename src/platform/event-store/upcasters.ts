import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from './event.types.js';

/** Turns an event stored under an old schema version into the current shape, on read. */
export type Upcaster = (data: unknown) => unknown;

/** Stored events are never rewritten; modules register how each old schema version is read. */
@Injectable()
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  /** `upcast` turns data of `type` at `fromVersion` into data at `fromVersion + 1`. */
  register(type: string, fromVersion: number, upcast: Upcaster): void {
    this.steps.set(`${type}@${fromVersion}`, upcast);
  }

  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (
      let step = this.steps.get(`${current.type}@${current.schemaVersion}`);
      step;
      step = this.steps.get(`${current.type}@${current.schemaVersion}`)
    ) {
      current = { ...current, data: step(current.data), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  }
}
