/** Errors a caller of the gateway can meet. Each is a distinct type so callers can switch on it. */

export interface FailedAttempt {
  provider: string;
  /** rate-limited | server | network | timeout | malformed | rejected | circuit-open | quota | aborted */
  reason: string;
  status?: number;
  message: string;
}

/** Every provider in the chain failed or was skipped; `attempts` says what happened to each. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';

  constructor(
    readonly attempts: readonly FailedAttempt[],
    /** Requests actually sent, retries included (skipped providers send none). */
    readonly requests = 0,
  ) {
    super(
      attempts.length === 0
        ? 'no language-model provider could be tried'
        : `every language-model provider failed: ${attempts.map((a) => `${a.provider} (${a.reason}${a.status ? ` ${a.status}` : ''})`).join(', ')}`,
    );
  }
}

/** The answer broke the JSON schema, and so did the one repair attempt. */
export class LlmStructuredOutputError extends Error {
  override name = 'LlmStructuredOutputError';

  constructor(
    readonly errors: readonly string[],
    readonly text: string,
    readonly provider: string,
    readonly model: string,
  ) {
    super(`the model's answer does not match the schema after one repair attempt: ${errors.join('; ')}`);
  }
}

/** A stream failed after some text was already delivered, so it cannot move to another provider. */
export class LlmStreamInterruptedError extends Error {
  override name = 'LlmStreamInterruptedError';

  constructor(
    readonly provider: string,
    readonly model: string,
    readonly deliveredText: string,
    cause: unknown,
  ) {
    super(`the stream from ${provider} broke after ${deliveredText.length} characters`, { cause });
  }
}

/** The caller's AbortSignal fired; no provider was blamed for it. */
export class LlmAbortedError extends Error {
  override name = 'AbortError';

  constructor(
    readonly attempts: number,
    readonly lastProvider: string | undefined,
    cause: unknown,
  ) {
    super('the language-model call was aborted', { cause });
  }
}
