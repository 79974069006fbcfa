import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { DecisionsInTurn } from '../../platform/decider/decisions-in-turn.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { OutputCommand } from '../domain/output.commands.js';
import { outputDecider } from '../domain/output.decider.js';
import { outputStreamId } from '../domain/output.stream.js';

/**
 * Decides output commands on the output's stream. The caller has checked the output is the tenant's
 * (through the read model, which knows it before its stream exists: it is being drafted).
 */
@Injectable()
export class OutputRepository {
  private readonly inTurn = new DecisionsInTurn();

  constructor(private readonly store: EventStore) {}

  async handle(context: CommandContext, command: OutputCommand, expectedVersion?: number): Promise<{ version: number; appended: boolean }> {
    const handled = await this.inTurn.handle(this.store, outputStreamId(command.outputId), outputDecider, command, {
      metadata: metadataOf(correlatedBy(context, command.sessionId)),
      expectedVersion,
      retries: 10,
    });
    return { version: handled.version, appended: handled.events.length > 0 };
  }
}
