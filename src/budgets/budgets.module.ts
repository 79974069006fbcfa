import { Module, type OnModuleInit } from '@nestjs/common';
import { Database } from '../platform/database/database.js';
import { LlmGateway } from '../platform/llm/index.js';
import { ProjectionRegistry } from '../platform/projections/projection-registry.js';
import { RegistryModule } from '../registry/index.js';
import { BudgetsController } from './api/budgets.controller.js';
import { BudgetAnnouncer } from './application/budget-announcer.js';
import { BudgetsReader } from './application/budgets.reader.js';
import { commandHandlers, queryHandlers } from './application/index.js';
import { PostgresBudgetGuard } from './application/postgres-budget-guard.js';
import { ReservationSweeper } from './application/reservation-sweeper.js';
import { BudgetsProjection } from './projections/budgets.projection.js';

/**
 * Spending limits on language-model calls. The gateway asks this module's guard before every call
 * of an organization (reserve the estimate, settle the actual); the sweeper gives back what dead
 * processes reserved. Squads are checked through the organizations module's queries, agents
 * through the registry's.
 */
@Module({
  imports: [RegistryModule],
  controllers: [BudgetsController],
  providers: [
    BudgetsReader,
    BudgetAnnouncer,
    // Its third parameter (the settlements' batching) keeps its default.
    {
      provide: PostgresBudgetGuard,
      inject: [Database, BudgetAnnouncer],
      useFactory: (db: Database, announcer: BudgetAnnouncer) => new PostgresBudgetGuard(db, announcer),
    },
    ReservationSweeper,
    ...commandHandlers,
    ...queryHandlers,
  ],
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
