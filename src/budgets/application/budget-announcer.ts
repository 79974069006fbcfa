import { Injectable, Logger } from '@nestjs/common';
import { metadataOf, systemContext } from '../../platform/decider/command-context.js';
import { handleCommand } from '../../platform/decider/command-handling.js';
import { EventStore } from '../../platform/event-store/event-store.js';
import type { BudgetCommand } from '../domain/budget.commands.js';
import { budgetDecider } from '../domain/budget.decider.js';
import { budgetStreamId } from '../domain/budget.stream.js';

/** Appends a budget's threshold and exhaustion events (through its decider, which announces each once per period). */
@Injectable()
export class BudgetAnnouncer {
  private readonly logger = new Logger('Budgets');

  constructor(private readonly store: EventStore) {}

  /** Never fails the call it comes from: a lost announcement is logged, the spend stays counted. */
  async announce(tenantId: string, budgetId: string, command: BudgetCommand): Promise<void> {
    const context = systemContext({ tenantId, actor: { kind: 'system', id: 'budgets' }, correlationId: budgetId }, new Date(command.now));
    try {
      // Concurrent settlements of one budget may announce at once; each reloads on conflict and the decider dedupes.
      await handleCommand(this.store, budgetStreamId(tenantId, budgetId), budgetDecider, command, {
        metadata: metadataOf(context),
        retries: 10,
      });
    } catch (error) {
      this.logger.error(`could not announce ${command.type} for budget ${budgetId}: ${(error as Error).message}`);
    }
  }
}
