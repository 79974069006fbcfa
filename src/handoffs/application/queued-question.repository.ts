import { Injectable } from '@nestjs/common';
import { type CommandContext, correlatedBy, metadataOf } from '../../platform/decider/command-context.js';
import { DecisionsInTurn } from '../../platform/decider/decisions-in-turn.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { conversationStreamId } from '../../conversations/index.js';
import type { QueuedQuestionCommand } from '../domain/queued-question.commands.js';
import { queuedQuestionDecider } from '../domain/queued-question.decider.js';

/** Decides claims of raised questions on the conversation's stream; another organization's question does not exist. */
@Injectable()
export class QueuedQuestionRepository {
  /** Claims of one question arrive together: decided in turn, so only the winner reads and appends. */
  private readonly inTurn = new DecisionsInTurn();

  constructor(private readonly store: EventStore) {}

  async handle(context: CommandContext, conversationId: string, command: QueuedQuestionCommand): Promise<{ version: number }> {
    const handled = await this.inTurn.handle(
      this.store,
      conversationStreamId(conversationId),
      withinTenant(queuedQuestionDecider, context.tenantId, 'queue item', conversationId),
      command,
      { metadata: metadataOf(correlatedBy(context, conversationId)), retries: 10 },
    );
    return { version: handled.version };
  }
}
