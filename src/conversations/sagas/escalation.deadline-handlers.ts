import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { sagaContext } from '../application/conversation-context.js';
import { ConversationRepository } from '../application/conversation.repository.js';
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
  ) {}

  onModuleInit(): void {
    this.deadlines.register(ACKNOWLEDGE_DEADLINE, (deadline) => this.acknowledge(deadline));
    this.deadlines.register(TIMEOUT_DEADLINE, (deadline) => this.expire(deadline));
  }

  async acknowledge(deadline: DueDeadline): Promise<void> {
    const { conversationId, round, level } = deadline.payload as unknown as RoundPayload;
    const context = sagaContext(deadline.tenantId ?? '', deadline.key);
    await this.conversations.handle(context, conversationId, {
      type: 'AcknowledgeQuestion',
      round,
      level,
      messageId: randomUUID(),
      now: context.now,
    });
  }

  async expire(deadline: DueDeadline): Promise<void> {
    const { conversationId, round, level, stage } = deadline.payload as unknown as TimeoutPayload;
    const context = sagaContext(deadline.tenantId ?? '', deadline.key);
    await this.conversations.handle(context, conversationId, {
      type: 'ExpireTimeout',
      round,
      level,
      stage,
      messageId: randomUUID(),
      now: context.now,
    });
  }
}
