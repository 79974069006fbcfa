import { deciderSpec } from '../../../test/support/decider-spec.js';
import { InvalidInteractionSettingsError, interactionSettingsDecider } from './interaction-settings.decider.js';
import { DEFAULT_INTERACTION_SETTINGS } from './interaction-settings.js';

const spec = deciderSpec(interactionSettingsDecider);
const change = (changes: object) => ({ type: 'ChangeInteractionSettings' as const, organizationId: 'org-1', squadId: 'sq-1', changes });

describe('interaction settings', () => {
  it('defaults to a 5 minute first timeout and a 2 minute follow-up', () => {
    expect(interactionSettingsDecider.initialState()).toMatchObject({ firstTimeoutSeconds: 300, followUpTimeoutSeconds: 120 });
  });
  it('records the complete settings after a change', () =>
    spec
      .given([])
      .when(change({ firstTimeoutSeconds: 600 }))
      .then([
        {
          type: 'InteractionSettingsChanged',
          data: { organizationId: 'org-1', squadId: 'sq-1', settings: { ...DEFAULT_INTERACTION_SETTINGS, firstTimeoutSeconds: 600 } },
        },
      ]));
  it('does nothing when nothing changes', () =>
    spec
      .given([])
      .when(change({ maxLevel: DEFAULT_INTERACTION_SETTINGS.maxLevel }))
      .thenNothingHappened());
  it.each([
    [{ firstTimeoutSeconds: 5 }, 'firstTimeoutSeconds'],
    [{ followUpTimeoutSeconds: 90_000 }, 'followUpTimeoutSeconds'],
    [{ followUpTimeoutSeconds: 30.5 }, 'followUpTimeoutSeconds'],
    [{ maxLevel: 21 }, 'maxLevel'],
    [{ acknowledgementTemplate: '   ' }, 'acknowledgementTemplate'],
    [{ followUpTemplate: 'x'.repeat(2001) }, 'followUpTemplate'],
    [{ escalationNoticeTemplate: 'to {nobody}' }, 'unknown placeholder {nobody}'],
  ])('refuses %j', (changes, message) => spec.given([]).when(change(changes)).thenThrows(InvalidInteractionSettingsError, message));
});
