import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../platform/decider/decider.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { metadataOf } from '../../platform/decider/command-context.js';
import { withinTenant } from '../../platform/decider/within-tenant.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { organizationDecider } from '../domain/organization.decider.js';
import { organizationStreamId } from '../domain/organizations.streams.js';
import { UpdateOrganizationCommand } from './update-organization.command.js';
import type { Written } from './written.js';

@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand> {
  constructor(private readonly store: EventStore) {}
  async execute({ context, organizationId, changes, expectedVersion }: UpdateOrganizationCommand): Promise<Written> {
    if (organizationId !== context.tenantId) throw new NotFoundError('organization', organizationId);
    const result = await handleCommand(
      this.store,
      organizationStreamId(organizationId),
      withinTenant(organizationDecider, context.tenantId, 'organization', organizationId),
      { type: 'UpdateOrganization', ...changes, now: context.now },
      { metadata: metadataOf(context), expectedVersion },
    );
    return { id: organizationId, version: result.version };
  }
}
