import { PostgresBudgetGuard } from '../../src/budgets/application/postgres-budget-guard.js';
import { ReservationSweeper } from '../../src/budgets/application/reservation-sweeper.js';
import { Database } from '../../src/platform/database/database.js';
import { LlmBudgetExceededError, reservationLeaseMs } from '../../src/platform/llm/index.js';
import { type BudgetApp, type BudgetTestbed, budgetTestbed, budgetsOf, setBudget } from './budget-test-apps.js';

/** 400 characters and at most 100 tokens out: the gateway estimates 204 tokens; the loopback reports 202. */
const ESTIMATE_TOKENS = 204;
/** The testbed's gateway: LLM_TOTAL_TIMEOUT_MS is left at its default. */
const LEASE_MS = reservationLeaseMs(120_000, 'call');

describe('reservations a process never settled (it died) are given back by the sweep', () => {
  let bed: BudgetTestbed;
  let app: BudgetApp;
  beforeAll(async () => {
    bed = await budgetTestbed();
    app = await bed.start();
  });
  afterAll(() => bed.close());

  const question = (tenantId: string) => ({
    tenantId,
    purpose: 'reply',
    messages: [{ role: 'user' as const, content: 'q'.repeat(400) }],
    maxTokens: 100,
  });
  const ledger = async (tenantId: string) => {
    const { rows } = await bed.sql.query<{ holder: string; reserved_tokens: string }>(
      'SELECT holder, reserved_tokens FROM budget_reservations WHERE tenant_id = $1',
      [tenantId],
    );
    return rows.map((row) => ({ holder: row.holder, reservedTokens: Number(row.reserved_tokens) }));
  };

  it('blocks the budget until the reservation expires, then releases it once; a late settlement still counts its spend', async () => {
    const tenant = await bed.tenant(app);
    await setBudget(app, tenant, { scope: 'organization', period: 'day', limitTokens: 1.5 * ESTIMATE_TOKENS, mode: 'block' });
    // Another process's guard on the same database: it reserves, then never settles (as if SIGKILLed).
    const dead = new PostgresBudgetGuard(app.app.get(Database), { announce: () => Promise.resolve() });
    const reservedAt = Date.now();
    const verdict = await dead.reserve({
      tenantId: tenant.organizationId,
      scope: undefined,
      estimate: { tokens: ESTIMATE_TOKENS, costUsd: 0.204 },
      now: reservedAt,
      holdForMs: LEASE_MS,
    });
    expect(verdict.kind).toBe('allow');
    expect(await ledger(tenant.organizationId)).toEqual([{ holder: dead.holder, reservedTokens: ESTIMATE_TOKENS }]);

    // Its estimate holds the budget: another call does not fit.
    await expect(app.gateway.chat(question(tenant.organizationId))).rejects.toBeInstanceOf(LlmBudgetExceededError);
    const sweeper = app.app.get(ReservationSweeper);
    await expect(sweeper.sweep(new Date(reservedAt + LEASE_MS - 1_000))).resolves.toBe(0);
    expect((await budgetsOf(app, tenant))[0]).toMatchObject({ reservedTokens: ESTIMATE_TOKENS, spentTokens: 0 });

    // Past the longest a call may take: given back, once (a second sweep, as another replica's, finds nothing).
    const [first, second] = await Promise.all([
      sweeper.sweep(new Date(reservedAt + LEASE_MS + 1)),
      sweeper.sweep(new Date(reservedAt + LEASE_MS + 1)),
    ]);
    expect(first + second).toBe(1);
    expect(await ledger(tenant.organizationId)).toEqual([]);
    expect((await budgetsOf(app, tenant))[0]).toMatchObject({ reservedTokens: 0, spentTokens: 0 });
    await expect(app.gateway.chat(question(tenant.organizationId))).resolves.toMatchObject({ provider: 'paid' });

    // Had the holder only been slow, its settlement counts what it spent and takes nothing off twice.
    if (verdict.kind !== 'allow') throw new Error('unreachable');
    verdict.reservation.settle({ tokens: 50, costUsd: 0.05 });
    await dead.flush();
    expect((await budgetsOf(app, tenant))[0]).toMatchObject({ reservedTokens: 0, spentTokens: 202 + 50 });
  });
});
