import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RetentionRepository } from './retention.repository.js';
import { RetentionTargets } from './retention-targets.js';
import { SetRetentionRulesCommand } from './set-retention-rules.command.js';

@CommandHandler(SetRetentionRulesCommand)
export class SetRetentionRulesHandler implements ICommandHandler<SetRetentionRulesCommand> {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly targets: RetentionTargets,
  ) {}

  async execute({ context, rules }: SetRetentionRulesCommand): Promise<void> {
    await this.retention.handle(context, {
      type: 'SetRetentionRules',
      organizationId: context.tenantId,
      rules,
      knownTargets: this.targets.names(),
      by: context.actor,
      now: context.now,
    });
  }
}
