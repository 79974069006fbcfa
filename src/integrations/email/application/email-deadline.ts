/** The deadline type of one send try. */
export const EMAIL_SEND_DEADLINE = 'integrations.email.send';

export interface EmailSendPayload {
  messageId: string;
  /** The message's try this deadline makes (1-based, over its whole life): a stale firing changes nothing. */
  attempt: number;
}

/** One deadline per try, so rescheduling is a new row and a repeated firing of an old one is a no-op. */
export const emailSendDeadlineKey = (messageId: string, attempt: number) => `integrations:email:${messageId}:${attempt}`;
