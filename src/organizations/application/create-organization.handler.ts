import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { organizationDecider } from '../domain/organization.decider.js';
import { organizationStreamId } from '../domain/organizations.streams.js';
import { CreateOrganizationCommand } from './create-organization.command.js';
import type { Written } from './written.js';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, name, plan }: CreateOrganizationCommand): Promise<Written> {
    const organizationId = context.tenantId;
    const result = await handleCommand(
      this.store,
      organizationStreamId(organizationId),
      organizationDecider,
      { type: 'CreateOrganization', organizationId, name, plan, now: context.now },
      { metadata: metadataOf(context), expectedVersion: 0 },
    );
    return { id: organizationId, version: result.version };
  }
}
