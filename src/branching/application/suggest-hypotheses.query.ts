import { Query } from '@nestjs/cqrs';
import type { SuggestedHypothesis } from '../domain/suggestions-prompt.js';

/** Asks the model; stores nothing (the operator forks with the options they keep). */
export class SuggestHypothesesQuery extends Query<SuggestedHypothesis[]> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
