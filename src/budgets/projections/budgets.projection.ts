import type { Sql } from '../../platform/database/sql.js';
import type { Projection, Recorded } from '../../platform/projections/projection.js';
import type { BudgetSet } from '../domain/budget.events.js';

/**
 * Budgets as set, for the gateway's reservations and the budgets list. Inline: a budget binds the
 * next call after PUT answers, on every replica.
 */
export class BudgetsProjection implements Projection<BudgetSet> {
  readonly name = 'budgets';
  readonly mode = 'inline';
  readonly eventTypes = ['BudgetSet'] as const;

  async apply(events: readonly Recorded<BudgetSet>[], tx: Sql): Promise<void> {
    for (const event of events) {
      const { organizationId, budgetId, scope, scopeId, period, mode, limitUsd, limitTokens, thresholds } = event.data;
      await tx.query(
        `INSERT INTO budgets (tenant_id, budget_id, scope, scope_id, period, mode, limit_usd, limit_tokens, thresholds, stream_version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (tenant_id, budget_id) DO UPDATE SET
                mode = excluded.mode, limit_usd = excluded.limit_usd, limit_tokens = excluded.limit_tokens,
                thresholds = excluded.thresholds, stream_version = excluded.stream_version, updated_at = excluded.updated_at
          WHERE budgets.stream_version < excluded.stream_version`,
        [organizationId, budgetId, scope, scopeId, period, mode, limitUsd, limitTokens, thresholds, event.version, event.recordedAt],
      );
    }
  }

  async reset(tx: Sql): Promise<void> {
    await tx.query('DELETE FROM budgets');
  }
}
