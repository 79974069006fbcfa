import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { TemplateRule } from '../domain/template-rule.js';
import type { NewTemplate } from './new-template.js';

/** From a squad's current rules (`fromSquadId`) or from explicit `rules`. */
export class CreateRoutingTemplateCommand extends Command<{ templateId: string; skippedRules: number }> {
  constructor(
    readonly context: CommandContext,
    readonly template: NewTemplate,
    readonly source: { fromSquadId: string } | { rules: TemplateRule[] },
  ) {
    super();
  }
}
