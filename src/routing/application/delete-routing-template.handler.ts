import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { metadataOf } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import { routingTemplatesStreamId } from '../domain/routing.stream.js';
import { routingTemplateDecider } from '../domain/routing-template.decider.js';
import { DeleteRoutingTemplateCommand } from './delete-routing-template.command.js';
import { RoutingTemplateCatalog } from './routing-template.catalog.js';

/** An organization's own template; the shipped ones cannot be deleted. */
@CommandHandler(DeleteRoutingTemplateCommand)
export class DeleteRoutingTemplateHandler implements ICommandHandler<DeleteRoutingTemplateCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly catalog: RoutingTemplateCatalog,
  ) {}

  async execute({ context, templateId }: DeleteRoutingTemplateCommand): Promise<void> {
    this.catalog.refuseBuiltIn(templateId);
    await handleCommand(
      this.store,
      routingTemplatesStreamId(context.tenantId),
      routingTemplateDecider,
      { type: 'DeleteRoutingTemplate', organizationId: context.tenantId, templateId },
      { metadata: metadataOf(context) },
    );
  }
}
