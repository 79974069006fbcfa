import { Injectable } from '@nestjs/common';
import type { DeadlineHandler } from './deadline.js';

/** Domain modules register the handler of each deadline type in `onModuleInit`. */
@Injectable()
export class DeadlineRegistry {
  private readonly handlers = new Map<string, DeadlineHandler>();

  register(type: string, handler: DeadlineHandler): void {
    if (this.handlers.has(type)) throw new Error(`deadline type "${type}" has two handlers`);
    this.handlers.set(type, handler);
  }

  handlerFor(type: string): DeadlineHandler | undefined {
    return this.handlers.get(type);
  }
}
