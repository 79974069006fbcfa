import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../platform/event-store/event.types.js';
import type { RoutingEvent } from '../domain/routing.events.js';
import { InteractionSettingsHandler } from './interaction-settings.handler.js';
import {
  ApplyRoutingTemplateCommand,
  ChangeInteractionSettingsCommand,
  CreateRoutingRuleCommand,
  CreateRoutingRulesCommand,
  CreateRoutingTemplateCommand,
  DeleteRoutingRuleCommand,
  DeleteRoutingTemplateCommand,
  type RoutingWritten,
  SetRoutingRuleActiveCommand,
  UpdateRoutingRuleCommand,
  UpdateRoutingTemplateCommand,
} from './routing.commands.js';
import { type RoutingWrite, RoutingRulesHandler } from './routing-rules.handler.js';
import { RoutingTemplatesHandler } from './routing-templates.handler.js';

/** The ids of the rules a write created, in order. */
function createdIds(write: RoutingWrite): string[] {
  return (write.events as unknown as (RecordedEvent & RoutingEvent)[]).flatMap((event) =>
    event.type === 'RoutingRuleCreated' ? [event.data.rule.id] : [],
  );
}

@CommandHandler(CreateRoutingRuleCommand)
export class CreateRoutingRuleHandler implements ICommandHandler<CreateRoutingRuleCommand> {
  constructor(private readonly rules: RoutingRulesHandler) {}
  async execute({ context, target, rule, expectedVersion }: CreateRoutingRuleCommand): Promise<RoutingWritten> {
    const write = await this.rules.create(context, target, rule, expectedVersion);
    return { version: write.version, ruleIds: createdIds(write) };
  }
}

@CommandHandler(CreateRoutingRulesCommand)
export class CreateRoutingRulesHandler implements ICommandHandler<CreateRoutingRulesCommand> {
  constructor(private readonly rules: RoutingRulesHandler) {}
  async execute({ context, target, rules, expectedVersion }: CreateRoutingRulesCommand): Promise<RoutingWritten> {
    const write = await this.rules.createMany(context, target, rules, expectedVersion);
    return { version: write.version, ruleIds: createdIds(write) };
  }
}

@CommandHandler(UpdateRoutingRuleCommand)
export class UpdateRoutingRuleHandler implements ICommandHandler<UpdateRoutingRuleCommand> {
  constructor(private readonly rules: RoutingRulesHandler) {}
  async execute({ context, target, ruleId, changes, expectedVersion }: UpdateRoutingRuleCommand): Promise<RoutingWritten> {
    const write = await this.rules.update(context, target, ruleId, changes, expectedVersion);
    return { version: write.version, ruleIds: [ruleId] };
  }
}

@CommandHandler(SetRoutingRuleActiveCommand)
export class SetRoutingRuleActiveHandler implements ICommandHandler<SetRoutingRuleActiveCommand> {
  constructor(private readonly rules: RoutingRulesHandler) {}
  async execute({ context, target, ruleId, active, expectedVersion }: SetRoutingRuleActiveCommand): Promise<RoutingWritten> {
    const write = await this.rules.setActive(context, target, ruleId, active, expectedVersion);
    return { version: write.version, ruleIds: [ruleId] };
  }
}

@CommandHandler(DeleteRoutingRuleCommand)
export class DeleteRoutingRuleHandler implements ICommandHandler<DeleteRoutingRuleCommand> {
  constructor(private readonly rules: RoutingRulesHandler) {}
  async execute({ context, target, ruleId, expectedVersion }: DeleteRoutingRuleCommand): Promise<RoutingWritten> {
    const write = await this.rules.delete(context, target, ruleId, expectedVersion);
    return { version: write.version, ruleIds: [ruleId] };
  }
}

@CommandHandler(ApplyRoutingTemplateCommand)
export class ApplyRoutingTemplateHandler implements ICommandHandler<ApplyRoutingTemplateCommand> {
  constructor(private readonly templates: RoutingTemplatesHandler) {}
  async execute({ context, squadId, templateId, mode, expectedVersion }: ApplyRoutingTemplateCommand): Promise<RoutingWritten> {
    const write = await this.templates.applyToSquad(context, squadId, templateId, mode, expectedVersion);
    return { version: write.version, ruleIds: createdIds(write) };
  }
}

@CommandHandler(CreateRoutingTemplateCommand)
export class CreateRoutingTemplateHandler implements ICommandHandler<CreateRoutingTemplateCommand> {
  constructor(private readonly templates: RoutingTemplatesHandler) {}
  async execute({ context, template, source }: CreateRoutingTemplateCommand): Promise<{ templateId: string; skippedRules: number }> {
    if ('fromSquadId' in source) return this.templates.createFromSquad(context, source.fromSquadId, template);
    const { templateId } = await this.templates.create(context, { ...template, rules: source.rules });
    return { templateId, skippedRules: 0 };
  }
}

@CommandHandler(UpdateRoutingTemplateCommand)
export class UpdateRoutingTemplateHandler implements ICommandHandler<UpdateRoutingTemplateCommand> {
  constructor(private readonly templates: RoutingTemplatesHandler) {}
  execute({ context, templateId, changes }: UpdateRoutingTemplateCommand): Promise<void> {
    return this.templates.change(context, templateId, changes);
  }
}

@CommandHandler(DeleteRoutingTemplateCommand)
export class DeleteRoutingTemplateHandler implements ICommandHandler<DeleteRoutingTemplateCommand> {
  constructor(private readonly templates: RoutingTemplatesHandler) {}
  execute({ context, templateId }: DeleteRoutingTemplateCommand): Promise<void> {
    return this.templates.delete(context, templateId);
  }
}

@CommandHandler(ChangeInteractionSettingsCommand)
export class ChangeInteractionSettingsHandler implements ICommandHandler<ChangeInteractionSettingsCommand> {
  constructor(private readonly settings: InteractionSettingsHandler) {}
  async execute({ context, squadId, changes, expectedVersion }: ChangeInteractionSettingsCommand) {
    const written = await this.settings.change(context, squadId, changes, expectedVersion);
    return { version: written.version, settings: written.state };
  }
}

export const routingCommandHandlers = [
  CreateRoutingRuleHandler,
  CreateRoutingRulesHandler,
  UpdateRoutingRuleHandler,
  SetRoutingRuleActiveHandler,
  DeleteRoutingRuleHandler,
  ApplyRoutingTemplateHandler,
  CreateRoutingTemplateHandler,
  UpdateRoutingTemplateHandler,
  DeleteRoutingTemplateHandler,
  ChangeInteractionSettingsHandler,
];
