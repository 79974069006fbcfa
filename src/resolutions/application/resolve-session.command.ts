import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { OutputView } from './output.view.js';

export interface ResolutionWritten {
  sessionId: string;
  resolutionId: string;
  /** The three documents, each `generating`. */
  outputs: OutputView[];
  /** The session's version (the ETag). */
  version: number;
}

export class ResolveSessionCommand extends Command<ResolutionWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly resolution: string,
    readonly rootCause: string | null,
    readonly solvedBranchId: string | null,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
