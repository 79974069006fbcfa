import { DomainError } from '../../platform/decider/decider.js';

export class InvalidBudgetError extends DomainError {
  constructor(message: string) {
    super('invalid_budget', message);
  }
}
