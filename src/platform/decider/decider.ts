/**
 * An aggregate as three pure functions (emmett's Decider): no I/O, no clock, no id generation.
 * Time and ids arrive inside the command.
 */
export interface Decider<State, Command, Event> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** The events that `command` causes in `state`; throws a DomainError when the command is refused. */
  decide(command: Command, state: State): Event[];
}

/** A command refused by a rule of the domain; the HTTP layer answers 422 with its `code`. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A domain rule with its own problem type and status (e.g. 409 `…/problems/discussion-over`), so
 * clients can tell one refusal from another without parsing text; `extensions` join the problem.
 */
export abstract class TypedRuleError extends DomainError {
  abstract readonly status: 403 | 409 | 422;
  abstract readonly problemType: string;
  readonly extensions: Record<string, unknown> = {};
}

/** The referenced thing does not exist (or is not visible to the caller): 404. */
export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`);
  }
}

/**
 * The aggregate a command addresses does not exist. Deciders throw it without an id (they are not
 * told which stream they fold); `withinTenant` answers it with the id the caller asked for.
 */
export class AggregateNotFoundError extends NotFoundError {
  constructor(what: string) {
    super(what, '');
  }
}

export function fold<State, Event>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
