import { type Decider, NotFoundError } from '../../platform/decider/decider.js';

/**
 * A decider that treats an aggregate of another organization as absent: every command on it
 * fails with NotFoundError (404), so a foreign id looks exactly like an unknown one.
 */
export function withinTenant<State extends { status: string }, Command, Event>(
  decider: Decider<State, Command, Event>,
  tenantId: string,
  what: string,
  id: string,
): Decider<State, Command, Event> {
  return {
    ...decider,
    decide(command, state) {
      const owner = (state as { organizationId?: string }).organizationId;
      if (owner !== undefined && owner !== tenantId) throw new NotFoundError(what, id);
      try {
        return decider.decide(command, state);
      } catch (error) {
        // Deciders cannot name an aggregate that does not exist yet; the caller can.
        if (error instanceof NotFoundError && error.message === new NotFoundError(what, '').message) throw new NotFoundError(what, id);
        throw error;
      }
    },
  };
}
