import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { DecisionsInTurn } from '../../platform/decider/decisions-in-turn.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { sessionStreamId } from '../../branching/index.js';
import type { ResolutionCommand } from '../domain/resolution.commands.js';
import { resolutionDecider } from '../domain/resolution.decider.js';

/** Decides resolve and re-open on the session's stream; another organization's session does not exist. */
@Injectable()
export class ResolutionRepository {
  private readonly inTurn = new DecisionsInTurn();

  constructor(private readonly store: EventStore) {}

  async handle(
    context: CommandContext,
    sessionId: string,
    command: ResolutionCommand,
    expectedVersion?: number,
  ): Promise<{ version: number }> {
    const handled = await this.inTurn.handle(
      this.store,
      sessionStreamId(sessionId),
      withinTenant(resolutionDecider, context.tenantId, 'session', sessionId),
      command,
      { metadata: metadataOf(correlatedBy(context, sessionId)), expectedVersion, retries: 10 },
    );
    return { version: handled.version };
  }
}
