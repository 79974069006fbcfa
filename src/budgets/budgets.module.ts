import { Module, type OnModuleInit } from '@nestjs/common';
import { LlmGateway } from '../platform/llm/index.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RegistryModule } from '../registry/index.js';
import { BudgetsController } from './api/budgets.controller.js';
import { BudgetAnnouncer } from './application/budget-announcer.js';
import { BudgetsReader } from './application/budgets.reader.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { PostgresBudgetGuard } from './application/postgres-budget-guard.js';
import { BudgetsProjection } from './projections/budgets.projection.js';

/**
 * Spending limits on language-model calls. The gateway asks this module's guard before every call
 * of an organization (reserve the estimate, settle the actual); squads are checked through the
 * organizations module's queries, agents through the registry's.
 */
@Module({
  imports: [RegistryModule],
  controllers: [BudgetsController],
  providers: [BudgetsReader, BudgetAnnouncer, PostgresBudgetGuard, ...commandHandlers, ...queryHandlers],
})
export class BudgetsModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly llm: LlmGateway,
    private readonly guard: PostgresBudgetGuard,
  ) {}

  onModuleInit(): void {
    this.projections.register(new BudgetsProjection());
    this.llm.enforceBudgets(this.guard);
  }
}
