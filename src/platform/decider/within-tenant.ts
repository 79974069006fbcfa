import { AggregateNotFoundError, type Decider, NotFoundError } from './decider.js';

/** An aggregate state that may name the organization owning it. */
export interface TenantOwned {
  organizationId?: string;
}

/**
 * A decider that treats an aggregate of another organization as absent: every command on it
 * fails with NotFoundError (404), so a foreign id looks exactly like an unknown one. The
 * AggregateNotFoundError a decider throws (it cannot name the aggregate) is re-thrown naming `what`
 * and `id`, which the caller knows; other errors, such as an unknown member, pass unchanged.
 */
export function withinTenant<State, Command, Event>(
  decider: Decider<State, Command, Event>,
  tenantId: string,
  what: string,
  id: string,
  ownerOf: (state: State) => string | undefined = (state) => (state as State & TenantOwned).organizationId,
): Decider<State, Command, Event> {
  return {
    ...decider,
    decide(command, state) {
      const owner = ownerOf(state);
      if (owner !== undefined && owner !== tenantId) throw new NotFoundError(what, id);
      try {
        return decider.decide(command, state);
      } catch (error) {
        if (error instanceof AggregateNotFoundError) throw new NotFoundError(what, id);
        throw error;
      }
    },
  };
}
