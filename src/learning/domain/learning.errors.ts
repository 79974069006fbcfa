import { DomainError, TypedRuleError } from '../../platform/decider/decider.js';

/** A record that breaks a size or range rule the API could not check (e.g. from a pipeline run): 422. */
export class InvalidLearningRecordError extends DomainError {
  constructor(message: string) {
    super('invalid_learning_record', message);
  }
}

export class EstimateAlreadyCompletedError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'estimate-already-completed';
  constructor(actualSessions: number) {
    super('estimate_already_completed', `the estimate was already completed with ${actualSessions} actual sessions`);
  }
}
