import { Injectable } from '@nestjs/common';
import type { DeadlineBatchHandler, DeadlineHandler } from './deadline.js';

export interface RegisteredDeadlineHandler {
  fire: DeadlineBatchHandler;
  /** Fires many due deadlines at once; a one-by-one handler gets one at a time (a slow one holds one slot). */
  batches: boolean;
}

/** Domain modules register the handler of each deadline type in `onModuleInit`. */
@Injectable()
export class DeadlineRegistry {
  private readonly handlers = new Map<string, RegisteredDeadlineHandler>();

  /** `Payload` is what the scheduler of `type` wrote; the registry is where that promise is kept. */
  register<Payload extends object>(type: string, handler: DeadlineHandler<Payload>): void {
    this.add(type, false, ([deadline]) =>
      handler({ ...deadline, payload: deadline.payload as Payload }).then(
        () => [undefined],
        (error: unknown) => [asError(error)],
      ),
    );
  }

  /**
   * A handler that fires several due deadlines of `type` at once (e.g. reads their streams in one
   * query, so that their appends share one transaction). It answers for each deadline, in order:
   * fired, or the error that makes that one alone retry.
   */
  registerBatch<Payload extends object>(type: string, handler: DeadlineBatchHandler<Payload>): void {
    this.add(type, true, (deadlines) => handler(deadlines.map((deadline) => ({ ...deadline, payload: deadline.payload as Payload }))));
  }

  handlerFor(type: string): RegisteredDeadlineHandler | undefined {
    return this.handlers.get(type);
  }

  private add(type: string, batches: boolean, fire: DeadlineBatchHandler): void {
    if (this.handlers.has(type)) throw new Error(`deadline type "${type}" has two handlers`);
    this.handlers.set(type, { fire, batches });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
