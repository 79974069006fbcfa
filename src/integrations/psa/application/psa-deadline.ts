/** The deadline type of one delivery try. */
export const PSA_DELIVERY_DEADLINE = 'integrations.psa.deliver';

export interface PsaDeliveryPayload {
  deliveryId: string;
  /** The delivery's try this deadline makes (1-based, over its whole life): a stale firing changes nothing. */
  attempt: number;
}

/** One deadline per try, so rescheduling is a new row and a repeated firing of an old one is a no-op. */
export const psaDeliveryDeadlineKey = (deliveryId: string, attempt: number) => `integrations:psa:${deliveryId}:${attempt}`;
