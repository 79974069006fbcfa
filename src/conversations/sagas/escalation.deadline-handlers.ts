import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { type CommandContext, systemContext } from '../../platform/decider/command-context.js';
import { ConversationRepository } from '../application/conversation.repository.js';
import type { ConversationCommand } from '../domain/conversation.commands.js';
import { ACKNOWLEDGE_DEADLINE, type RoundPayload, TIMEOUT_DEADLINE, type TimeoutPayload } from './escalation.saga.js';

/**
 * Turns due deadlines into commands. The command names the round it was scheduled for; the decider
 * ignores it once the conversation has moved on, so a late, repeated or concurrent firing is harmless.
 */
@Injectable()
export class EscalationDeadlineHandlers implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineRegistry,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.registerBatch<RoundPayload>(ACKNOWLEDGE_DEADLINE, (due) =>
      this.fireEach(due, ({ round, level }, now) => ({ type: 'AcknowledgeQuestion', round, level, messageId: randomUUID(), now })),
    );
    this.deadlines.registerBatch<TimeoutPayload>(TIMEOUT_DEADLINE, (due) =>
      this.fireEach(due, ({ round, level, stage }, now) => ({ type: 'ExpireTimeout', round, level, stage, messageId: randomUUID(), now })),
    );
  }

  /**
   * Reads the batch's conversations in one query, then decides and appends each; the appends share
   * the store's transaction. A conflict (the conversation moved meanwhile) reloads that one only.
   */
  private async fireEach<Payload extends RoundPayload>(
    due: readonly DueDeadline<Payload>[],
    commandOf: (payload: Payload, now: string) => ConversationCommand,
  ): Promise<(Error | undefined)[]> {
    const loaded = await this.conversations.readEach(due.map((deadline) => deadline.payload.conversationId));
    return Promise.all(
      due.map(async (deadline) => {
        const context = this.contextOf(deadline);
        const { conversationId } = deadline.payload;
        try {
          await this.conversations.handle(context, conversationId, commandOf(deadline.payload, context.now), {
            loaded: loaded.get(conversationId),
          });
          return undefined;
        } catch (error) {
          return error as Error;
        }
      }),
    );
  }

  private contextOf(deadline: DueDeadline<object>): CommandContext {
    const actor = { kind: 'system' as const, id: 'escalation-saga' };
    return systemContext({ tenantId: deadline.tenantId ?? '', actor, causationId: deadline.key }, this.clock.now());
  }
}
