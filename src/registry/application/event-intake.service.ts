import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { AgentTrigger } from '../domain/agent-spec.js';
import { type RoutableInstance, eventIntakeDecider } from '../domain/event-intake.decider.js';
import type { RoutedExecution } from '../domain/event-intake.events.js';
import { eventIntakeStreamId } from '../domain/event-intake.stream.js';
import type { JsonObject } from '../domain/json.js';
import type { Priority } from '../domain/priority.js';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';

export interface IncomingExternalEvent {
  /** The sender's id for the event; sending the same id again is accepted once. Generated when absent. */
  eventId?: string;
  type: string;
  payload: JsonObject;
  priority: Priority;
}

export interface IntakeReceipt {
  eventId: string;
  /** false when this event id had already been received (nothing was enqueued again). */
  accepted: boolean;
  executions: RoutedExecution[];
}

/** Accepts external events: routes each to the matching active instances and enqueues their executions. */
@Injectable()
export class EventIntakeService {
  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
  ) {}

  async receive(context: CommandContext, incoming: IncomingExternalEvent): Promise<IntakeReceipt> {
    const eventId = incoming.eventId ?? randomUUID();
    const candidates = await this.activeInstances(context.tenantId);
    const handled = await handleCommand(
      this.store,
      eventIntakeStreamId(context.tenantId, eventId),
      eventIntakeDecider,
      {
        type: 'ReceiveExternalEvent',
        eventId,
        eventType: incoming.type,
        payload: incoming.payload,
        priority: incoming.priority,
        candidates,
        now: new Date(context.now),
      },
      { metadata: metadataOf(context) },
    );
    const [received] = handled.events;
    const executions = received ? (received.data as { executions: RoutedExecution[] }).executions : [];
    return { eventId, accepted: received !== undefined, executions };
  }

  private async activeInstances(tenantId: string): Promise<RoutableInstance[]> {
    const rows = await this.db.query<{ instance_id: string; slug: string; version: string; triggers: AgentTrigger[]; priority: Priority }>(
      `SELECT instance_id, slug, version, triggers, priority FROM registry_instances WHERE tenant_id = $1 AND lifecycle = 'active'`,
      [tenantId],
    );
    return rows.map((row) => ({
      instanceId: row.instance_id,
      slug: row.slug,
      version: row.version,
      triggers: row.triggers,
      priority: row.priority,
    }));
  }
}
