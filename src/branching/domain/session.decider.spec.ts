import { NotFoundError } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  AddAttachment,
  ForkBranch,
  MarkDeadEnd,
  MarkSolved,
  ReviveBranch,
  SessionCommand,
  StartSession,
  SwitchBranch,
  UpdateBranchSummary,
} from './session.commands.js';
import { citedAttachments, sessionDecider } from './session.decider.js';
import {
  EvidenceFromSameBranchError,
  IllegalBranchTransitionError,
  InvalidForkError,
  PlanLimitError,
  SessionAlreadyExistsError,
} from './session.errors.js';
import type { SessionEvent } from './session.events.js';
import { type OpenSession, lineageOf } from './session.state.js';
import type { BranchStatus } from './session.types.js';

const spec = deciderSpec(sessionDecider);
const t0 = '2026-12-01T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();
const alice: Actor = { kind: 'member', id: 'm-alice' };
const base = { sessionId: 's1' };
const unlimited = { plan: 'enterprise', limit: null };

const start: StartSession = {
  type: 'StartSession',
  sessionId: 's1',
  organizationId: 'org1',
  squadId: null,
  problem: 'Outlook cannot reach the mail server',
  domain: 'email',
  title: null,
  rootBranchId: 'root',
  by: alice,
  now: t0,
};
const started: SessionEvent = {
  type: 'SessionStarted',
  data: {
    sessionId: 's1',
    organizationId: 'org1',
    squadId: null,
    problem: start.problem,
    domain: 'email',
    title: null,
    rootBranchId: 'root',
    startedBy: alice,
    startedAt: t0,
  },
};
const forkCommand = (over: Partial<ForkBranch> = {}): ForkBranch => ({
  type: 'ForkBranch',
  forkId: 'f1',
  fromBranchId: 'root',
  at: { branchId: 'root', position: 10 },
  reason: 'Two likely causes',
  options: [
    { label: 'DNS', description: 'The MX record is stale' },
    { label: 'Firewall', description: 'Port 587 is blocked' },
  ],
  branchIds: ['dns', 'fw'],
  activateFirst: true,
  limit: unlimited,
  by: alice,
  now: at(1),
  ...over,
});
const forked: SessionEvent = {
  type: 'BranchesForked',
  data: {
    ...base,
    forkId: 'f1',
    fromBranchId: 'root',
    at: { branchId: 'root', position: 10 },
    reason: 'Two likely causes',
    branches: [
      { branchId: 'dns', label: 'DNS', description: 'The MX record is stale', order: 1 },
      { branchId: 'fw', label: 'Firewall', description: 'Port 587 is blocked', order: 2 },
    ],
    activatedBranchId: 'dns',
    forkedBy: alice,
    forkedAt: at(1),
  },
};
const switchTo = (branchId: string, s = 2): SwitchBranch => ({ type: 'SwitchBranch', branchId, by: alice, now: at(s) });
const deadEnd = (branchId: string, s = 3): MarkDeadEnd => ({ type: 'MarkDeadEnd', branchId, reason: 'MX is fine', by: alice, now: at(s) });
const solved = (branchId: string, s = 4): MarkSolved => ({ type: 'MarkSolved', branchId, reason: 'Opened 587', by: alice, now: at(s) });
const revive = (branchId: string, from = 'fw', s = 5): ReviveBranch => ({
  type: 'ReviveBranch',
  branchId,
  evidenceFromBranchId: from,
  evidence: 'The firewall log shows DNS over 53 blocked too',
  noteMessageId: 'note1',
  by: alice,
  now: at(s),
});
const summary = (branchId: string, throughPosition: number): UpdateBranchSummary => ({
  type: 'UpdateBranchSummary',
  branchId,
  summary: { tried: ['dig MX'], concluded: 'MX is right', artifacts: [] },
  throughPosition,
  now: at(6),
});
const file = {
  sha256: 'a'.repeat(64),
  fileName: 'mail.log',
  contentType: 'text/plain',
  sizeBytes: 120,
  kind: 'text' as const,
  summary: null,
  truncated: false,
};
const attach = (branchId: string, attachmentId = 'att1'): AddAttachment => ({
  type: 'AddAttachment',
  attachmentId,
  branchId,
  file,
  by: alice,
  now: at(7),
});
const apply = (command: SessionCommand, history: SessionEvent[]) => {
  const state = history.reduce(sessionDecider.evolve, sessionDecider.initialState());
  return [...history, ...sessionDecider.decide(command, state)];
};

/** A history in which branch `dns` has each status (and `fw` is untried unless it is the subject). */
const afterFork = [started, forked];
const dnsIn: Record<string, SessionEvent[]> = {
  untried: [started, { ...forked, data: { ...forked.data, activatedBranchId: null } } as SessionEvent],
  'active (current)': afterFork,
  'active (not current)': apply(switchTo('fw'), afterFork),
  dead_end: apply(deadEnd('dns'), afterFork),
  revived: apply(revive('dns'), apply(deadEnd('dns'), afterFork)),
  solved: apply(solved('dns'), afterFork),
};
const statusOf: Record<string, BranchStatus> = {
  untried: 'untried',
  'active (current)': 'active',
  'active (not current)': 'active',
  dead_end: 'dead_end',
  revived: 'revived',
  solved: 'solved',
};
const states = Object.keys(dnsIn);
const stateOf = (history: SessionEvent[]) => history.reduce(sessionDecider.evolve, sessionDecider.initialState()) as OpenSession;

describe('session decider', () => {
  describe('StartSession', () => {
    it('opens the session with an active root branch', () => {
      spec.given([]).when(start).then([started]);
      spec
        .given([])
        .when(start)
        .thenState((state) =>
          expect(state).toMatchObject({
            status: 'active',
            activeBranchId: 'root',
            branches: { root: { status: 'active', at: null, label: 'Root' } },
          }),
        );
    });

    it.each(states)('is refused once the session exists (dns %s)', (name) => {
      spec.given(dnsIn[name]).when(start).thenThrows(SessionAlreadyExistsError);
    });
  });

  describe('before the session exists', () => {
    it.each<SessionCommand>([forkCommand(), switchTo('root'), deadEnd('root'), solved('root'), revive('root'), summary('root', 1)])(
      '$type is not found',
      (command) => {
        spec.given([]).when(command).thenThrows(NotFoundError);
      },
    );
  });

  describe('on an unknown branch', () => {
    it.each<SessionCommand>([
      forkCommand({ fromBranchId: 'nope' }),
      switchTo('nope'),
      deadEnd('nope'),
      solved('nope'),
      revive('nope'),
      summary('nope', 1),
    ])('$type is not found', (command) => {
      spec.given(afterFork).when(command).thenThrows(NotFoundError);
    });

    it('a revival with evidence from an unknown branch is not found', () => {
      spec.given(dnsIn.dead_end).when(revive('dns', 'nope')).thenThrows(NotFoundError);
    });
  });

  describe('ForkBranch', () => {
    it('creates one untried branch per option that references the fork position, and activates the first', () => {
      spec.given([started]).when(forkCommand()).then([forked]);
      spec
        .given([started])
        .when(forkCommand())
        .thenState((state) => {
          expect(state).toMatchObject({
            activeBranchId: 'dns',
            branches: {
              root: { status: 'active' },
              dns: { status: 'active', parentBranchId: 'root', at: { branchId: 'root', position: 10 } },
              fw: { status: 'untried', parentBranchId: 'root', at: { branchId: 'root', position: 10 } },
            },
          });
        });
    });

    it('leaves every option untried and the active branch where it was when told not to activate', () => {
      spec
        .given([started])
        .when(forkCommand({ activateFirst: false }))
        .thenState((state) => expect(state).toMatchObject({ activeBranchId: 'root', branches: { dns: { status: 'untried' } } }));
    });

    it.each([1, 11])('needs 2–10 options (%i refused)', (count) => {
      const options = Array.from({ length: count }, (_, i) => ({ label: `H${i}`, description: 'd' }));
      spec
        .given([started])
        .when(forkCommand({ options, branchIds: options.map((_, i) => `b${i}`) }))
        .thenThrows(InvalidForkError);
    });

    it.each([
      ['free', 2, 2, false],
      ['free', 2, 3, true],
      ['pro', 5, 5, false],
      ['pro', 5, 6, true],
      ['team', 10, 10, false],
    ] as const)('on the %s plan (%i per fork point) %i options refused: %s', (plan, limit, count, refused) => {
      const options = Array.from({ length: count }, (_, i) => ({ label: `H${i}`, description: 'd' }));
      const command = forkCommand({ options, branchIds: options.map((_, i) => `b${i}`), limit: { plan, limit } });
      if (refused) spec.given([started]).when(command).thenThrows(PlanLimitError, `${limit} branches`);
      else expect(sessionDecider.decide(command, stateOf([started]))).toHaveLength(1);
    });

    it('forks from an inherited message: the position lies in an ancestor up to where the branch forked', () => {
      const command = forkCommand({ forkId: 'f2', fromBranchId: 'dns', at: { branchId: 'root', position: 7 }, branchIds: ['a', 'b'] });
      expect(sessionDecider.decide(command, stateOf(afterFork))).toHaveLength(1);
    });

    it('refuses a position after the one the branch inherited, or on a branch outside its lineage', () => {
      spec
        .given(afterFork)
        .when(forkCommand({ forkId: 'f2', fromBranchId: 'dns', at: { branchId: 'root', position: 11 }, branchIds: ['a', 'b'] }))
        .thenThrows(InvalidForkError);
      spec
        .given(afterFork)
        .when(forkCommand({ forkId: 'f2', fromBranchId: 'dns', at: { branchId: 'fw', position: 20 }, branchIds: ['a', 'b'] }))
        .thenThrows(InvalidForkError);
    });

    it.each(states)('from dns when it is %s', (name) => {
      const command = forkCommand({ forkId: 'f2', fromBranchId: 'dns', at: { branchId: 'dns', position: 30 }, branchIds: ['a', 'b'] });
      if (['dead_end', 'solved'].includes(statusOf[name])) spec.given(dnsIn[name]).when(command).thenThrows(IllegalBranchTransitionError);
      else
        expect(sessionDecider.decide(command, stateOf(dnsIn[name]))[0]).toMatchObject({
          type: 'BranchesForked',
          data: { fromBranchId: 'dns' },
        });
    });
  });

  describe('SwitchBranch to dns', () => {
    const expected: Record<string, 'activates' | 'moves' | 'nothing' | 'refused'> = {
      untried: 'activates',
      'active (current)': 'nothing',
      'active (not current)': 'moves',
      dead_end: 'refused',
      revived: 'nothing',
      solved: 'refused',
    };
    it.each(states)('when it is %s', (name) => {
      const given = spec.given(dnsIn[name]).when(switchTo('dns', 9));
      const outcome = expected[name];
      if (outcome === 'refused') return given.thenThrows(IllegalBranchTransitionError, /cannot be switched to/);
      if (outcome === 'nothing') return given.thenNothingHappened();
      const previous = stateOf(dnsIn[name]).activeBranchId;
      given.then([
        {
          type: 'BranchSwitched',
          data: {
            ...base,
            branchId: 'dns',
            previousBranchId: previous,
            activated: outcome === 'activates',
            switchedBy: alice,
            switchedAt: at(9),
          },
        },
      ]);
      given.thenState((state) => expect(state).toMatchObject({ activeBranchId: 'dns', branches: { dns: { status: 'active' } } }));
    });

    it('keeps exactly one active branch, and the previous one keeps its status', () => {
      const history = apply(switchTo('dns'), apply(switchTo('fw'), afterFork));
      const state = stateOf(history);
      expect(state.activeBranchId).toBe('dns');
      expect(state.branches.fw.status).toBe('active');
      expect(state.branches.root.status).toBe('active');
    });

    it('to a revived branch that is not the active one keeps it revived', () => {
      const history = apply(switchTo('fw'), dnsIn.revived);
      spec
        .given(history)
        .when(switchTo('dns', 9))
        .thenState((state) => expect(state).toMatchObject({ activeBranchId: 'dns', branches: { dns: { status: 'revived' } } }));
    });
  });

  describe('MarkDeadEnd on dns', () => {
    it.each(states)('when it is %s', (name) => {
      const given = spec.given(dnsIn[name]).when(deadEnd('dns', 9));
      if (['dead_end', 'solved'].includes(statusOf[name])) return given.thenThrows(IllegalBranchTransitionError);
      given.then([{ type: 'BranchMarkedDeadEnd', data: { ...base, branchId: 'dns', reason: 'MX is fine', by: alice, at: at(9) } }]);
      given.thenState((state) => {
        const session = state as OpenSession;
        expect(session.branches.dns).toMatchObject({ status: 'dead_end', statusChange: { reason: 'MX is fine', by: alice, at: at(9) } });
        // Concluding the branch being worked on leaves none active until the next switch.
        if (stateOf(dnsIn[name]).activeBranchId === 'dns') expect(session.activeBranchId).toBeNull();
        else expect(session.activeBranchId).toBe(stateOf(dnsIn[name]).activeBranchId);
      });
    });
  });

  describe('MarkSolved on dns', () => {
    it.each(states)('when it is %s', (name) => {
      const given = spec.given(dnsIn[name]).when(solved('dns', 9));
      if (['dead_end', 'solved', 'untried'].includes(statusOf[name]))
        return given.thenThrows(IllegalBranchTransitionError, /cannot be marked solved/);
      given.then([{ type: 'BranchMarkedSolved', data: { ...base, branchId: 'dns', reason: 'Opened 587', by: alice, at: at(9) } }]);
      given.thenState((state) =>
        expect(state).toMatchObject({
          status: 'solved',
          branches: { dns: { status: 'solved', statusChange: { reason: 'Opened 587', by: alice, at: at(9) } } },
        }),
      );
    });
  });

  describe('ReviveBranch dns with evidence from fw', () => {
    it.each(states)('when it is %s', (name) => {
      const given = spec.given(dnsIn[name]).when(revive('dns', 'fw', 9));
      if (statusOf[name] !== 'dead_end') return given.thenThrows(IllegalBranchTransitionError, /only dead ends/);
      given.then([
        {
          type: 'BranchRevived',
          data: {
            ...base,
            branchId: 'dns',
            evidenceFromBranchId: 'fw',
            evidence: 'The firewall log shows DNS over 53 blocked too',
            note: {
              messageId: 'note1',
              text: 'Branch revived with evidence from "Firewall": The firewall log shows DNS over 53 blocked too',
            },
            previousBranchId: null,
            by: alice,
            at: at(9),
          },
        },
      ]);
      given.thenState((state) =>
        expect(state).toMatchObject({
          activeBranchId: 'dns',
          branches: {
            dns: { status: 'revived', revival: { evidenceFromBranchId: 'fw', evidence: 'The firewall log shows DNS over 53 blocked too' } },
          },
        }),
      );
    });

    it.each(states)('with evidence from the same branch is refused (%s)', (name) => {
      spec.given(dnsIn[name]).when(revive('dns', 'dns')).thenThrows(EvidenceFromSameBranchError);
    });
  });

  describe('UpdateBranchSummary', () => {
    it.each(states)('records a newer summary of dns (%s)', (name) => {
      spec
        .given(dnsIn[name])
        .when(summary('dns', 40))
        .thenState((state) =>
          expect((state as OpenSession).branches.dns).toMatchObject({ summary: { concluded: 'MX is right' }, summaryThroughPosition: 40 }),
        );
    });

    it('changes nothing when it is not newer than the summary the branch has', () => {
      const history = apply(summary('dns', 40), afterFork);
      spec.given(history).when(summary('dns', 40)).thenNothingHappened();
      spec.given(history).when(summary('dns', 39)).thenNothingHappened();
    });
  });

  describe('lineage', () => {
    it('walks from the branch up through each fork position', () => {
      const history = apply(
        forkCommand({ forkId: 'f2', fromBranchId: 'dns', at: { branchId: 'dns', position: 30 }, branchIds: ['a', 'b'] }),
        afterFork,
      );
      expect(lineageOf(stateOf(history), 'a')).toEqual([
        { branchId: 'a', upTo: null },
        { branchId: 'dns', upTo: 30 },
        { branchId: 'root', upTo: 10 },
      ]);
      expect(lineageOf(stateOf(history), 'root')).toEqual([{ branchId: 'root', upTo: null }]);
    });
  });

  describe('AddAttachment to dns', () => {
    it.each(states)('when it is %s', (name) => {
      const given = spec.given(dnsIn[name]).when(attach('dns'));
      if (!['active', 'revived'].includes(statusOf[name])) return given.thenThrows(IllegalBranchTransitionError, /cannot take attachments/);
      given.then([
        { type: 'AttachmentAdded', data: { ...base, attachmentId: 'att1', branchId: 'dns', ...file, addedBy: alice, addedAt: at(7) } },
      ]);
      given.thenState((state) => expect((state as OpenSession).attachments.att1).toEqual({ id: 'att1', branchId: 'dns', ...file }));
    });

    it('changes nothing when the attachment id is already there (a retried upload)', () => {
      spec
        .given(apply(attach('dns'), afterFork))
        .when(attach('dns'))
        .thenNothingHappened();
    });

    it('is not found on an unknown branch', () => {
      spec.given(afterFork).when(attach('nope')).thenThrows(NotFoundError);
    });
  });

  describe('citedAttachments', () => {
    const history = apply(attach('fw', 'att2'), apply(switchTo('fw'), apply(attach('dns', 'att1'), afterFork)));

    it('gives the cited attachments of any branch of the session, once each, in the order cited', () => {
      expect(citedAttachments(stateOf(history), ['att2', 'att1', 'att2']).map((a) => [a.id, a.branchId])).toEqual([
        ['att2', 'fw'],
        ['att1', 'dns'],
      ]);
    });

    it('refuses an attachment the session does not have', () => {
      expect(() => citedAttachments(stateOf(history), ['att1', 'elsewhere'])).toThrow(NotFoundError);
    });
  });
});
