import { LlmUnavailableError } from '../llm.errors.js';

/**
 * A `block` budget is spent. It is an LlmUnavailableError on purpose: every flow already handles a
 * model that cannot answer (a deadline retries later, a question escalates on time), and a spent
 * budget must be handled exactly so.
 */
export class LlmBudgetExceededError extends LlmUnavailableError {
  override name = 'LlmBudgetExceededError';

  constructor(
    readonly budgetId: string,
    reason: string,
  ) {
    super([{ provider: 'budget', reason: 'budget', message: reason }], 0);
    this.message = `the language-model budget is spent: ${reason}`;
  }
}
