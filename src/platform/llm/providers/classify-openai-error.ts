import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { retryAfterMs } from '../reliability/backoff.js';
import { ProviderFailure } from './provider-failure.js';

/**
 * Turns whatever the `openai` client threw into a ProviderFailure. `timedOut` tells our own
 * timeout apart from the caller's abort, since both reach the client as an aborted signal.
 */
export function classifyOpenAiError(error: unknown, provider: string, timedOut: boolean, now: number): ProviderFailure {
  if (error instanceof ProviderFailure) return error;
  const message = `${provider}: ${error instanceof Error ? error.message : String(error)}`;
  if (timedOut || error instanceof APIConnectionTimeoutError) return new ProviderFailure('timeout', message, { cause: error });
  if (error instanceof APIUserAbortError) return new ProviderFailure('aborted', message, { cause: error });
  if (error instanceof APIConnectionError) return new ProviderFailure('network', message, { cause: error });
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const retryAfter = retryAfterMs(error.headers, now);
    if (status === 429) return new ProviderFailure('rate-limited', message, { status, retryAfterMs: retryAfter, cause: error });
    if (status === 408) return new ProviderFailure('timeout', message, { status, cause: error });
    if (status >= 500) return new ProviderFailure('server', message, { status, retryAfterMs: retryAfter, cause: error });
    return new ProviderFailure('rejected', message, { status, cause: error });
  }
  // The client parses bodies with JSON.parse: a SyntaxError means the provider sent a broken body.
  if (error instanceof SyntaxError) return new ProviderFailure('malformed', message, { cause: error });
  // Anything else (a socket reset mid-body surfaces as TypeError "terminated") is the network.
  return new ProviderFailure('network', message, { cause: error });
}
