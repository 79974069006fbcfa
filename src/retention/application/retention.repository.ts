import { Injectable } from '@nestjs/common';
import { type CommandContext, metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { RetentionCommand } from '../domain/retention.commands.js';
import { retentionDecider } from '../domain/retention.decider.js';
import { retentionStreamId } from '../domain/retention.stream.js';

/** Decides on the organization's retention stream. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly store: EventStore) {}

  async handle(context: CommandContext, command: RetentionCommand): Promise<void> {
    await handleCommand(
      this.store,
      retentionStreamId(context.tenantId),
      withinTenant(retentionDecider, context.tenantId, 'retention of organization', context.tenantId),
      command,
      { metadata: metadataOf(context), retries: 10 },
    );
  }
}
