import { Injectable } from '@nestjs/common';
import { type HandledCommand, handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { Priority } from '../domain/priority.js';
import type { ResourceLockCommand } from '../domain/resource-lock.commands.js';
import { resourceLockDecider } from '../domain/resource-lock.decider.js';
import { resourceLockStreamId } from '../domain/resource-lock.stream.js';
import type { ResourceLockState } from '../domain/resource-lock.state.js';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';

/**
 * Many holders race for one hot resource; each conflict costs one reload, and with group commit
 * every round lets one writer through, so allow about as many retries as expected contenders.
 */
const LOCK_RETRIES = 64;

export interface LockRequest {
  resource: string;
  holder: string;
  ttlMs: number;
  priority: Priority;
}

export interface LockOutcome {
  resource: string;
  holder: string;
  outcome: 'granted' | 'queued' | 'released' | 'left_queue';
  expiresAt: string | null;
  /** 1-based place in the queue when queued. */
  queuePosition: number | null;
}

@Injectable()
export class ResourceLocksService {
  constructor(private readonly store: EventStore) {}

  async acquire(context: CommandContext, request: LockRequest): Promise<LockOutcome> {
    const { state } = await this.handle(context, request.resource, { type: 'AcquireLock', ...request, now: new Date(context.now) });
    if (state.holder?.holder === request.holder) {
      return {
        resource: request.resource,
        holder: request.holder,
        outcome: 'granted',
        expiresAt: state.holder.expiresAt,
        queuePosition: null,
      };
    }
    const place = state.waiters.findIndex((waiter) => waiter.holder === request.holder);
    return { resource: request.resource, holder: request.holder, outcome: 'queued', expiresAt: null, queuePosition: place + 1 };
  }

  async release(context: CommandContext, resource: string, holder: string): Promise<LockOutcome> {
    const { events } = await this.handle(context, resource, { type: 'ReleaseLock', resource, holder, now: new Date(context.now) });
    const leftQueue = events.some((event) => event.type === 'LockWaitAbandoned');
    return { resource, holder, outcome: leftQueue ? 'left_queue' : 'released', expiresAt: null, queuePosition: null };
  }

  /** Fired by the expiry deadline of grant `lease`; a stale or early firing changes nothing. */
  async expire(context: CommandContext, resource: string, lease: number): Promise<void> {
    await this.handle(context, resource, { type: 'ExpireLock', resource, lease, now: new Date(context.now) });
  }

  private handle(context: CommandContext, resource: string, command: ResourceLockCommand): Promise<HandledCommand<ResourceLockState>> {
    return handleCommand(this.store, resourceLockStreamId(context.tenantId, resource), resourceLockDecider, command, {
      metadata: metadataOf(context),
      retries: LOCK_RETRIES,
    });
  }
}
