import { DomainError } from '../../platform/decider/decider.js';

export const MAX_LOCK_TTL_MS = 24 * 60 * 60 * 1000;

export class InvalidLockRequestError extends DomainError {
  constructor(message: string) {
    super('lock_request_invalid', message);
  }
}

export class LockNotHeldError extends DomainError {
  constructor(resource: string, holder: string) {
    super('lock_not_held', `${holder} neither holds nor waits for ${resource}`);
  }
}
