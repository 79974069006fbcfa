import type { Actor } from '../../platform/event-store/event.types.js';
import { NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import { IllegalBranchTransitionError, type SessionEvent, SessionWaitingOnQueueError } from '../../branching/index.js';
import { sessionDecider } from '../../branching/domain/session.decider.js';
import type { SessionCommand } from '../../branching/domain/session.commands.js';
import { evolve, initialState } from '../../branching/domain/session.state.js';
import type { ResolveSession } from './resolution.commands.js';
import { resolutionDecider } from './resolution.decider.js';
import { SessionAlreadyResolvedError, SessionNotResolvedError } from './resolution.errors.js';

const spec = deciderSpec(resolutionDecider);
const t0 = '2026-12-01T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();
const alice: Actor = { kind: 'member', id: 'm-alice' };

/** The events branching decides for `commands`, in turn, from nothing. */
function history(commands: SessionCommand[]): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (const command of commands) events.push(...sessionDecider.decide(command, events.reduce(evolve, initialState())));
  return events;
}

const worked = history([
  {
    type: 'StartSession',
    sessionId: 's1',
    organizationId: 'org1',
    squadId: null,
    problem: 'VPN drops every hour',
    domain: 'network',
    title: null,
    rootBranchId: 'root',
    by: alice,
    now: t0,
  },
  {
    type: 'ForkBranch',
    forkId: 'f1',
    fromBranchId: 'root',
    at: { branchId: 'root', position: 0 },
    reason: 'Three causes',
    options: ['DNS', 'MTU', 'Lease'].map((label) => ({ label, description: label })),
    branchIds: ['dns', 'mtu', 'lease'],
    activateFirst: true,
    limit: { plan: 'enterprise', limit: null },
    by: alice,
    now: at(10),
  },
  { type: 'MarkDeadEnd', branchId: 'dns', reason: 'Resolvers are fine', by: alice, now: at(20) },
  { type: 'SwitchBranch', branchId: 'mtu', by: alice, now: at(30) },
  { type: 'MarkDeadEnd', branchId: 'mtu', reason: 'DF pings pass', by: alice, now: at(40) },
  { type: 'SwitchBranch', branchId: 'lease', by: alice, now: at(50) },
  { type: 'MarkSolved', branchId: 'lease', reason: '60-minute lease', by: alice, now: at(60) },
]);

const resolve = (over: Partial<ResolveSession> = {}): ResolveSession => ({
  type: 'ResolveSession',
  resolutionId: 'r1',
  resolution: 'Raised the lease to 24 h',
  rootCause: null,
  solvedBranchId: null,
  outputIds: { psa_notes: 'o1', kb_article: 'o2', client_summary: 'o3' },
  by: alice,
  now: at(120),
  ...over,
});

describe('the resolution decider', () => {
  it('records the dead ends, the solved branch (by default the one marked solved) and the three outputs', () => {
    const [event] = resolutionDecider.decide(resolve(), worked.reduce(evolve, initialState()));
    expect(event).toMatchObject({
      type: 'SessionResolved',
      data: {
        sessionId: 's1',
        resolutionId: 'r1',
        outputs: [
          { outputId: 'o1', type: 'psa_notes' },
          { outputId: 'o2', type: 'kb_article' },
          { outputId: 'o3', type: 'client_summary' },
        ],
        at: at(120),
      },
    });
    const { record } = (event as Extract<SessionEvent, { type: 'SessionResolved' }>).data;
    expect(record.deadEnds.map((b) => [b.label, b.reason])).toEqual([
      ['DNS', 'Resolvers are fine'],
      ['MTU', 'DF pings pass'],
    ]);
    expect(record.solvedBranch).toMatchObject({ branchId: 'lease', label: 'Lease', reason: '60-minute lease' });
    expect(record).toMatchObject({ problem: 'VPN drops every hour', domain: 'network', elapsedSeconds: 120, otherBranches: [] });
  });

  it('refuses a dead end as the solution and an unknown branch', () => {
    spec
      .given(worked)
      .when(resolve({ solvedBranchId: 'dns' }))
      .thenThrows(IllegalBranchTransitionError);
    spec
      .given(worked)
      .when(resolve({ solvedBranchId: 'nope' }))
      .thenThrows(NotFoundError);
  });

  it('resolves once until re-opened; re-opens only what is resolved', () => {
    const resolved = [...worked, ...resolutionDecider.decide(resolve(), worked.reduce(evolve, initialState()))];
    spec
      .given(resolved)
      .when(resolve({ resolutionId: 'r2' }))
      .thenThrows(SessionAlreadyResolvedError);
    spec
      .given(worked)
      .when({ type: 'ReopenSession', reason: null, by: alice, now: at(200) })
      .thenThrows(SessionNotResolvedError);
    spec
      .given(resolved)
      .when({ type: 'ReopenSession', reason: 'Again', by: alice, now: at(200) })
      .then([{ type: 'SessionReopened', data: { sessionId: 's1', resolutionId: 'r1', reason: 'Again', by: alice, at: at(200) } }]);
    spec
      .given(resolved)
      .when({ type: 'ReopenSession', reason: null, by: alice, now: at(200) })
      .thenState((state) => expect(state.status === 'active' && state.resolution).toBeNull());
  });

  it('a session waiting on the queue is claimed first', () => {
    const parked: SessionEvent = {
      type: 'SessionHandedOff',
      data: {
        sessionId: 's1',
        handoffId: 'h1',
        kind: 'park',
        notes: 'Later',
        priority: 'normal',
        snapshot: {} as never,
        by: alice,
        at: at(70),
      },
    };
    spec
      .given([...worked, parked])
      .when(resolve())
      .thenThrows(SessionWaitingOnQueueError);
  });
});
