import type { Decider } from '../../src/platform/decider/decider.js';

/**
 * Given-when-then for deciders:
 *   spec(decider).given([opened]).when(acknowledge).then([acknowledged]);
 *   spec(decider).given([answered]).when(timeout).thenNothingHappened();
 *   spec(decider).given([closed]).when(answer).thenThrows(ConversationClosedError);
 */
export function deciderSpec<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return {
    given(history: Event[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappened() {
              expect(run()).toEqual([]);
            },
            thenThrows(errorType: new (...args: never[]) => Error, message?: string | RegExp) {
              expect(run).toThrow(errorType);
              if (message) expect(run).toThrow(message);
            },
            /** The state after applying the decided events, for assertions on evolve. */
            thenState(check: (state: State) => void) {
              check(run().reduce(decider.evolve, state));
            },
          };
        },
      };
    },
  };
}
