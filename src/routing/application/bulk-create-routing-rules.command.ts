import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { RoutingRuleSpec } from '../domain/routing-rule.js';
import type { RoutingTarget } from './routing-target.js';
import type { RoutingWritten } from './routing-written.js';

/** All or nothing. */
export class BulkCreateRoutingRulesCommand extends Command<RoutingWritten> {
  constructor(
    readonly context: CommandContext,
    readonly target: RoutingTarget,
    readonly rules: RoutingRuleSpec[],
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
