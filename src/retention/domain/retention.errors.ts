import { TypedRuleError } from '../../platform/decider/decider.js';

/** A rule names no registered target, names one twice, or gives days out of range: 422. */
export class InvalidRetentionRuleError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'retention-rule-invalid';

  constructor(message: string) {
    super('retention_rule_invalid', message);
  }
}
