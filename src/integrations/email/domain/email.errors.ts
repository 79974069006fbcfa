import { TypedRuleError } from '../../../platform/decider/decider.js';

/** A message that may not be enqueued (bad address, too many recipients, bad id): `…/problems/email-refused`. */
export class EmailRefusedError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'email-refused';
  constructor(reason: string) {
    super('email_refused', `the e-mail is refused: ${reason}`);
    Object.assign(this.extensions, { reason });
  }
}

/** Only a `failed` or `stored` message can be retried by hand: `…/problems/email-not-retryable`. */
export class EmailNotRetryableError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'email-not-retryable';
  constructor(messageId: string, status: string) {
    super('email_not_retryable', `message ${messageId} is ${status}; only a failed or stored message can be retried`);
    Object.assign(this.extensions, { messageId, messageStatus: status });
  }
}
