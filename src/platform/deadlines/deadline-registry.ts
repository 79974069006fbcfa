import { Injectable } from '@nestjs/common';
import type { DeadlineHandler } from './deadline.js';

/** Domain modules register the handler of each deadline type in `onModuleInit`. */
@Injectable()
export class DeadlineRegistry {
  private readonly handlers = new Map<string, DeadlineHandler>();

  /** `Payload` is what the scheduler of `type` wrote; the registry is where that promise is kept. */
  register<Payload extends object>(type: string, handler: DeadlineHandler<Payload>): void {
    if (this.handlers.has(type)) throw new Error(`deadline type "${type}" has two handlers`);
    this.handlers.set(type, (deadline) => handler({ ...deadline, payload: deadline.payload as Payload }));
  }

  handlerFor(type: string): DeadlineHandler | undefined {
    return this.handlers.get(type);
  }
}
