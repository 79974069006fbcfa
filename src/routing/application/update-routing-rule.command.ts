import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { RoutingRuleSpec } from '../domain/routing-rule.js';
import type { RoutingTarget } from './routing-target.js';
import type { RoutingWritten } from './routing-written.js';

export class UpdateRoutingRuleCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: CommandContext,
    readonly target: RoutingTarget,
    readonly ruleId: string,
    readonly changes: Partial<RoutingRuleSpec>,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
