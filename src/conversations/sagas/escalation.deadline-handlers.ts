import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeadlineRegistry } from '../../platform/deadlines/deadline-registry.js';
import type { DueDeadline } from '../../platform/deadlines/deadline.js';
import { Clock } from '../../platform/decider/clock.js';
import { type CommandContext, systemContext } from '../../platform/decider/command-context.js';
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
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.register<RoundPayload>(ACKNOWLEDGE_DEADLINE, (deadline) => this.acknowledge(deadline));
    this.deadlines.register<TimeoutPayload>(TIMEOUT_DEADLINE, (deadline) => this.expire(deadline));
  }

  async acknowledge(deadline: DueDeadline<RoundPayload>): Promise<void> {
    const { conversationId, round, level } = deadline.payload;
    const context = this.contextOf(deadline);
    await this.conversations.handle(context, conversationId, {
      type: 'AcknowledgeQuestion',
      round,
      level,
      messageId: randomUUID(),
      now: context.now,
    });
  }

  async expire(deadline: DueDeadline<TimeoutPayload>): Promise<void> {
    const { conversationId, round, level, stage } = deadline.payload;
    const context = this.contextOf(deadline);
    await this.conversations.handle(context, conversationId, {
      type: 'ExpireTimeout',
      round,
      level,
      stage,
      messageId: randomUUID(),
      now: context.now,
    });
  }

  private contextOf(deadline: DueDeadline<object>): CommandContext {
    const actor = { kind: 'system' as const, id: 'escalation-saga' };
    return systemContext({ tenantId: deadline.tenantId ?? '', actor, causationId: deadline.key }, this.clock.now());
  }
}
