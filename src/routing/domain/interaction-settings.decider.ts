import { DomainError, type Decider } from '../../platform/decider/decider.js';
import type { DomainEvent } from '../../platform/event-store/event.types.js';
import { DEFAULT_INTERACTION_SETTINGS, type InteractionSettings, settingsProblem } from './interaction-settings.js';

/** Stream `interaction_settings-<squadId>`. Carries the complete settings after the change. Schema version 1. */
export type InteractionSettingsChanged = DomainEvent<
  'InteractionSettingsChanged',
  { organizationId: string; squadId: string; settings: InteractionSettings }
>;
export type InteractionSettingsEvent = InteractionSettingsChanged;
export const interactionSettingsEventTypes = ['InteractionSettingsChanged'] as const satisfies readonly InteractionSettingsEvent['type'][];

export interface ChangeInteractionSettings {
  type: 'ChangeInteractionSettings';
  organizationId: string;
  squadId: string;
  changes: Partial<InteractionSettings>;
}

export type InteractionSettingsCommand = ChangeInteractionSettings;

/** A squad that never changed its settings uses the defaults. */
export type InteractionSettingsState = InteractionSettings;

export class InvalidInteractionSettingsError extends DomainError {
  constructor(message: string) {
    super('invalid_interaction_settings', message);
  }
}

export const interactionSettingsDecider: Decider<InteractionSettingsState, InteractionSettingsCommand, InteractionSettingsEvent> = {
  initialState: () => DEFAULT_INTERACTION_SETTINGS,
  evolve: (_state, event) => event.data.settings,
  decide(command, state) {
    const settings: InteractionSettings = { ...state, ...command.changes };
    const problem = settingsProblem(settings);
    if (problem) throw new InvalidInteractionSettingsError(problem);
    if (JSON.stringify(settings) === JSON.stringify(state)) return [];
    return [{ type: 'InteractionSettingsChanged', data: { organizationId: command.organizationId, squadId: command.squadId, settings } }];
  },
};
