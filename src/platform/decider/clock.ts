import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The one source of the current time for handlers, sagas and workers. Deciders get the time in
 * the command; tests bind a clock they can move (`ManualClock`) instead of waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until moved: for tests of timing rules. */
export class ManualClock extends Clock {
  constructor(private current: Date = new Date(0)) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Provides Clock everywhere; the platform imports it, test beds too (or override Clock). */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
