import { deciderSpec } from '../../../test/support/decider-spec.js';
import { InvalidExternalEventError, type ReceiveExternalEvent, type RoutableInstance, eventIntakeDecider } from './event-intake.decider.js';
import type { ExternalEventReceived } from './event-intake.events.js';

const now = new Date('2025-11-22T10:00:00.000Z');
const instance = (instanceId: string, eventType: string, priority: RoutableInstance['priority'] = 'NORMAL'): RoutableInstance => ({
  instanceId,
  slug: `agent-${instanceId}`,
  version: '1.0.0',
  triggers: [{ eventType, filter: { env: { $in: ['prod', 'staging'] } } }],
  priority,
});
const receive = (candidates: RoutableInstance[], overrides: Partial<ReceiveExternalEvent> = {}): ReceiveExternalEvent => ({
  type: 'ReceiveExternalEvent',
  eventId: 'e-1',
  eventType: 'deploy.finished',
  payload: { env: 'prod' },
  priority: 'HIGH',
  candidates,
  now,
  ...overrides,
});
const intake = deciderSpec(eventIntakeDecider);

describe('event intake decider', () => {
  it('routes to every matching instance, higher agent priority first', () => {
    const candidates = [instance('b', 'deploy.*'), instance('a', 'alert.*'), instance('c', '*', 'CRITICAL')];
    intake
      .given([])
      .when(receive(candidates))
      .then([
        {
          type: 'ExternalEventReceived',
          data: {
            eventId: 'e-1',
            eventType: 'deploy.finished',
            payload: { env: 'prod' },
            priority: 'HIGH',
            receivedAt: now.toISOString(),
            executions: [
              { executionId: 'e-1:c', instanceId: 'c', slug: 'agent-c', version: '1.0.0' },
              { executionId: 'e-1:b', instanceId: 'b', slug: 'agent-b', version: '1.0.0' },
            ],
          },
        },
      ]);
  });

  it('records an event nobody handles, with no executions', () => {
    intake
      .given([])
      .when(receive([instance('b', 'deploy.*')], { payload: { env: 'dev' } }))
      .thenState((state) => expect(state).toEqual({ kind: 'received' }));
    const [event] = eventIntakeDecider.decide(receive([instance('b', 'deploy.*')], { payload: { env: 'dev' } }), { kind: 'new' });
    expect(event.data.executions).toEqual([]);
  });

  it('ignores an event id it already received', () => {
    const first = eventIntakeDecider.decide(receive([]), { kind: 'new' }) as ExternalEventReceived[];
    intake
      .given(first)
      .when(receive([instance('b', '*')]))
      .thenNothingHappened();
  });

  it.each([
    ['a wildcard type', { eventType: 'deploy.*' }],
    ['an empty segment', { eventType: 'deploy..x' }],
    ['an unknown priority', { priority: 'URGENT' as ReceiveExternalEvent['priority'] }],
  ])('refuses %s', (_case, overrides) => {
    intake.given([]).when(receive([], overrides)).thenThrows(InvalidExternalEventError);
  });
});
