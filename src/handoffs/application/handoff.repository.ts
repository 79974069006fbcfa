import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { DecisionsInTurn } from '../../platform/decider/decisions-in-turn.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { sessionStreamId } from '../../branching/index.js';
import type { HandoffCommand } from '../domain/handoff.commands.js';
import { handoffDecider } from '../domain/handoff.decider.js';

/** Decides handoff commands on the session's stream; another organization's session does not exist. */
@Injectable()
export class HandoffRepository {
  /** Claims of one item arrive together: they are decided in turn, so only the winner reads and appends. */
  private readonly inTurn = new DecisionsInTurn();

  constructor(private readonly store: EventStore) {}

  /** Load → fold → decide → append, in turn with the session's other handoff commands here; another process's append is decided again on fresh state. */
  async handle(
    context: CommandContext,
    sessionId: string,
    command: HandoffCommand,
    expectedVersion?: number,
  ): Promise<{ version: number }> {
    const handled = await this.inTurn.handle(
      this.store,
      sessionStreamId(sessionId),
      withinTenant(handoffDecider, context.tenantId, 'session', sessionId),
      command,
      { metadata: metadataOf(correlatedBy(context, sessionId)), expectedVersion, retries: 10 },
    );
    return { version: handled.version };
  }
}
