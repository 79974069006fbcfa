/**
 * What an organization can have pushed to its PSA:
 * - `handoff`: a session was parked or escalated (the handoffs module enqueues it);
 * - `resolution`: a resolution output (ticket notes) was pushed (the resolutions module enqueues it).
 */
export const PSA_EVENT_TYPES = ['handoff', 'resolution'] as const;
export type PsaEventType = (typeof PSA_EVENT_TYPES)[number];

export type PsaNoteVisibility = 'internal' | 'customer';

/** The note the ticketing system adds to its ticket. */
export interface PsaNote {
  title: string;
  /** Markdown. */
  body: string;
  visibility: PsaNoteVisibility;
}

/** The JSON body of one delivery; `id` is stable across retries, for the receiver's idempotency. */
export interface PsaEnvelope {
  id: string;
  type: PsaEventType;
  occurredAt: string;
  organizationId: string;
  session: Record<string, unknown>;
  note: PsaNote;
}
