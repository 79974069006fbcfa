import { TypedRuleError } from '../../../platform/decider/decider.js';

/** The webhook URL is not http(s) or reaches a refused address range: `…/problems/psa-url-refused`. */
export class PsaUrlRefusedError extends TypedRuleError {
  readonly status = 422;
  readonly problemType = 'psa-url-refused';
  constructor(reason: string) {
    super('psa_url_refused', `the webhook URL is refused: ${reason}`);
    Object.assign(this.extensions, { reason });
  }
}

/** Only a `failed` delivery can be retried by hand: `…/problems/psa-delivery-not-failed`. */
export class PsaDeliveryNotFailedError extends TypedRuleError {
  readonly status = 409;
  readonly problemType = 'psa-delivery-not-failed';
  constructor(deliveryId: string, status: string) {
    super('psa_delivery_not_failed', `delivery ${deliveryId} is ${status}; only a failed delivery can be retried`);
    Object.assign(this.extensions, { deliveryId, deliveryStatus: status });
  }
}
