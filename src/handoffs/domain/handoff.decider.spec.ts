import { deciderSpec } from '../../../test/support/decider-spec.js';
import type { SessionEvent } from '../../branching/index.js';
import { sessionDecider } from '../../branching/domain/session.decider.js';
import { SessionWaitingOnQueueError } from '../../branching/domain/session.errors.js';
import type {
  ClaimHandoff,
  HandOffSession,
  RecordAssessment,
  RecordAssessmentFailure,
  RecordBriefing,
  ReleaseHandoff,
} from './handoff.commands.js';
import { handoffDecider } from './handoff.decider.js';
import {
  AlreadyClaimedError,
  NotClaimedError,
  NotYourClaimError,
  SessionNotHandOffableError,
  UnknownHandoffError,
} from './handoff.errors.js';
import { briefingOf } from './handoff-snapshot.js';
import { InvalidAssessmentError, offlineAssessmentOf, validAssessment } from './handoff-assessment.js';
import { afterFailedTry } from '../../platform/deadlines/retry-backoff.js';
import { InvalidBriefingError, handoffBriefingPrompt, validBriefing } from './handoff-briefing.js';

const operator = { kind: 'member' as const, id: 'op-1' };
const colleague = { kind: 'member' as const, id: 'op-2' };
const admin = { kind: 'member' as const, id: 'admin-1' };
const T0 = '2026-12-02T10:00:00.000Z';
const T1 = '2026-12-02T10:30:00.000Z';
const T2 = '2026-12-02T11:00:00.000Z';
const T3 = '2026-12-02T11:20:00.000Z';

const started: SessionEvent = {
  type: 'SessionStarted',
  data: {
    sessionId: 's',
    organizationId: 'org',
    squadId: null,
    problem: 'Outlook cannot reach the mail server',
    domain: 'email',
    title: null,
    rootBranchId: 'root',
    startedBy: operator,
    startedAt: T0,
  },
};
const forked: SessionEvent = {
  type: 'BranchesForked',
  data: {
    sessionId: 's',
    forkId: 'f',
    fromBranchId: 'root',
    at: { branchId: 'root', position: 0 },
    reason: 'Several causes',
    branches: [
      { branchId: 'dns', label: 'DNS', description: 'MX or A record', order: 1 },
      { branchId: 'fw', label: 'Firewall', description: 'Port 587 blocked', order: 2 },
    ],
    activatedBranchId: 'dns',
    forkedBy: operator,
    forkedAt: T0,
  },
};
const dnsRuledOut: SessionEvent = {
  type: 'BranchMarkedDeadEnd',
  data: { sessionId: 's', branchId: 'dns', reason: 'MX record is correct', by: operator, at: T0 },
};
const switched: SessionEvent = {
  type: 'BranchSwitched',
  data: { sessionId: 's', branchId: 'fw', previousBranchId: null, activated: true, switchedBy: operator, switchedAt: T0 },
};
const escalate: HandOffSession = {
  type: 'HandOffSession',
  handoffId: 'h1',
  kind: 'escalate',
  notes: 'Port 587 looks blocked; needs network access',
  priority: 'elevated',
  stepCount: 6,
  by: operator,
  now: T1,
};
const claim: ClaimHandoff = { type: 'ClaimHandoff', handoffId: 'h1', by: colleague, now: T2 };
const release = (by = colleague, byAdmin = false): ReleaseHandoff => ({ type: 'ReleaseHandoff', handoffId: 'h1', by, byAdmin, now: T3 });

const spec = deciderSpec(handoffDecider);
const handedOff = () =>
  handoffDecider.decide(escalate, [started, forked, dnsRuledOut, switched].reduce(handoffDecider.evolve, handoffDecider.initialState()))[0];
const claimedEvent = (): SessionEvent => ({
  type: 'HandoffClaimed',
  data: { sessionId: 's', handoffId: 'h1', briefing: { headline: 'x', body: 'y' }, by: colleague, at: T2 },
});

describe('handing a session off', () => {
  it('records a snapshot of the problem, the branch map with reasons, the active branch and the time spent', () => {
    spec
      .given([started, forked, dnsRuledOut, switched])
      .when(escalate)
      .then([
        {
          type: 'SessionHandedOff',
          data: {
            sessionId: 's',
            handoffId: 'h1',
            kind: 'escalate',
            notes: 'Port 587 looks blocked; needs network access',
            priority: 'elevated',
            snapshot: {
              problem: 'Outlook cannot reach the mail server',
              domain: 'email',
              status: 'active',
              stepCount: 6,
              branches: [
                { branchId: 'root', label: 'Root', status: 'active', reason: null, parentBranchId: null },
                { branchId: 'dns', label: 'DNS', status: 'dead_end', reason: 'MX record is correct', parentBranchId: 'root' },
                { branchId: 'fw', label: 'Firewall', status: 'active', reason: null, parentBranchId: 'root' },
              ],
              activeBranch: { branchId: 'fw', label: 'Firewall', summary: null },
              attachmentNames: [],
              elapsedSeconds: 1800,
              parkedSeconds: 0,
            },
            by: operator,
            at: T1,
          },
        },
      ]);
  });

  it('parks into paused and escalates into escalated', () => {
    spec
      .given([started])
      .when({ ...escalate, kind: 'park' })
      .thenState((state) => expect(state.status).toBe('paused'));
    spec
      .given([started])
      .when(escalate)
      .thenState((state) => expect(state.status).toBe('escalated'));
  });

  it('refuses a session already waiting on the queue, and a solved one', () => {
    spec
      .given([started, handedOff()])
      .when({ ...escalate, handoffId: 'h2' })
      .thenThrows(SessionNotHandOffableError, /escalated/);
    const solved: SessionEvent = {
      type: 'BranchMarkedSolved',
      data: { sessionId: 's', branchId: 'root', reason: 'fixed', by: operator, at: T0 },
    };
    spec
      .given([started, solved])
      .when(escalate)
      .thenThrows(SessionNotHandOffableError, /solved/);
  });

  it('holds every other kind of work on the session until it is claimed', () => {
    const fork = {
      type: 'SwitchBranch' as const,
      branchId: 'dns',
      by: operator,
      now: T2,
    };
    const state = [started, forked, handedOff()].reduce(sessionDecider.evolve, sessionDecider.initialState());
    expect(() => sessionDecider.decide(fork, state)).toThrow(SessionWaitingOnQueueError);
    const claimed = [claimedEvent()].reduce(sessionDecider.evolve, state);
    expect(() => sessionDecider.decide(fork, claimed)).not.toThrow();
  });
});

describe('claiming and releasing', () => {
  it('claims once, with a briefing built from the snapshot, and the session is active again', () => {
    const history = [started, forked, dnsRuledOut, switched, handedOff()];
    const state = history.reduce(handoffDecider.evolve, handoffDecider.initialState());
    const [event] = handoffDecider.decide(claim, state);
    expect(event).toMatchObject({ type: 'HandoffClaimed', data: { handoffId: 'h1', by: colleague, at: T2 } });
    const briefing = (event.data as { briefing: { headline: string; body: string } }).briefing;
    expect(briefing.headline).toBe('Outlook cannot reach the mail server — continue on "Firewall"');
    expect(briefing.body).toContain('Notes: Port 587 looks blocked; needs network access');
    expect(briefing.body).toContain('Ruled out: DNS (MX record is correct).');
    expect(briefing.body).toContain('escalated, elevated priority, after 6 message(s)');
    spec
      .given(history)
      .when(claim)
      .thenState((after) => expect(after).toMatchObject({ status: 'active', handoff: { claimedBy: colleague } }));
  });

  it('tells the second claimer who has it and since when', () => {
    const run = () =>
      handoffDecider.decide(
        { ...claim, by: admin },
        [started, handedOff(), claimedEvent()].reduce(handoffDecider.evolve, handoffDecider.initialState()),
      );
    expect(run).toThrow(AlreadyClaimedError);
    try {
      run();
    } catch (error) {
      expect((error as AlreadyClaimedError).extensions).toEqual({ claimedBy: colleague, claimedAt: T2 });
    }
  });

  it('knows only the current handoff', () => {
    spec
      .given([started, handedOff()])
      .when({ ...claim, handoffId: 'other' })
      .thenThrows(UnknownHandoffError);
    spec.given([started]).when(claim).thenThrows(UnknownHandoffError);
  });

  it('lets the claimer or an admin release, and nobody release what is not claimed', () => {
    spec
      .given([started, handedOff(), claimedEvent()])
      .when(release())
      .thenState((state) => expect(state.status).toBe('escalated'));
    spec
      .given([started, handedOff(), claimedEvent()])
      .when(release(admin, true))
      .thenState((state) => expect(state.status).toBe('escalated'));
    spec.given([started, handedOff(), claimedEvent()]).when(release(admin, false)).thenThrows(NotYourClaimError);
    spec.given([started, handedOff()]).when(release()).thenThrows(NotClaimedError);
  });

  it('counts the time spent waiting on the queue, not the time worked', () => {
    const released: SessionEvent = {
      type: 'HandoffReleased',
      data: { sessionId: 's', handoffId: 'h1', kind: 'escalate', by: colleague, at: T3 },
    };
    const state = [started, handedOff(), claimedEvent(), released].reduce(handoffDecider.evolve, handoffDecider.initialState());
    // Waited 10:30 → 11:00 (30 min), worked 11:00 → 11:20, waiting again since 11:20.
    expect(state).toMatchObject({ parkedMs: 30 * 60_000, waitingSince: T3, status: 'escalated' });
  });
});

describe('the briefing', () => {
  it('says what to pick next when no branch is active', () => {
    const briefing = briefingOf(
      {
        problem: 'VPN drops',
        domain: null,
        status: 'active',
        stepCount: 0,
        branches: [{ branchId: 'root', label: 'Root', status: 'dead_end', reason: 'not the client', parentBranchId: null }],
        activeBranch: null,
        attachmentNames: ['vpn.log'],
        elapsedSeconds: 60,
        parkedSeconds: 0,
      },
      { kind: 'park', notes: 'Waiting on the ISP', priority: 'normal' },
    );
    expect(briefing.headline).toBe('VPN drops — pick the next hypothesis');
    expect(briefing.body).toContain('Handed off as parked, normal priority, after 0 message(s).');
    expect(briefing.body).toContain('Attached: vpn.log.');
  });
});

const ASSESSMENT = {
  likelyCause: 'Port 587 is blocked outbound',
  suggestedNextSteps: ['Check the firewall rule for 587', 'Try 465'],
  confidence: 0.7,
  ruledOut: ['DNS: MX record is correct'],
};
const T4 = '2026-12-02T10:31:00.000Z';
const recordAssessment: RecordAssessment = {
  type: 'RecordAssessment',
  handoffId: 'h1',
  assessment: ASSESSMENT,
  model: 'loopback/assessor',
  attempts: 2,
  now: T4,
};
const recordFailure: RecordAssessmentFailure = {
  type: 'RecordAssessmentFailure',
  handoffId: 'h1',
  reason: 'model down',
  attempts: 5,
  now: T4,
};
const assessedEvent: SessionEvent = {
  type: 'HandoffAssessed',
  data: { sessionId: 's', handoffId: 'h1', assessment: ASSESSMENT, model: 'loopback/assessor', attempts: 2, at: T4 },
};
const failedEvent: SessionEvent = {
  type: 'HandoffAssessmentFailed',
  data: { sessionId: 's', handoffId: 'h1', reason: 'model down', attempts: 5, at: T4 },
};

describe('the assessment of an escalation', () => {
  it('is recorded once, as its own event, without touching the session’s status or times', () => {
    spec.given([started, handedOff()]).when(recordAssessment).then([assessedEvent]);
    const before = [started, handedOff()].reduce(handoffDecider.evolve, handoffDecider.initialState());
    spec
      .given([started, handedOff()])
      .when(recordAssessment)
      .thenState((after) => {
        expect(after).toEqual({
          ...before,
          handoff: { ...(before as { handoff: object }).handoff, assessment: ASSESSMENT, assessmentStatus: 'assessed' },
        });
      });
  });

  it('arrives whether or not the handoff was claimed meanwhile', () => {
    spec.given([started, handedOff(), claimedEvent()]).when(recordAssessment).then([assessedEvent]);
  });

  it('records the last failed try, and the handoff stays as it was', () => {
    spec.given([started, handedOff()]).when(recordFailure).then([failedEvent]);
    spec
      .given([started, handedOff()])
      .when(recordFailure)
      .thenState((after) =>
        expect(after).toMatchObject({ status: 'escalated', handoff: { assessment: null, assessmentStatus: 'failed' } }),
      );
    spec
      .given([started, handedOff(), failedEvent])
      .when(claim)
      .thenState((after) => expect(after.status).toBe('active'));
  });

  it('is stale, and no event, for another handoff, one already settled, a park or no handoff at all', () => {
    spec
      .given([started, handedOff()])
      .when({ ...recordAssessment, handoffId: 'h0' })
      .thenNothingHappened();
    spec.given([started, handedOff(), assessedEvent]).when(recordAssessment).thenNothingHappened();
    spec.given([started, handedOff(), assessedEvent]).when(recordFailure).thenNothingHappened();
    spec.given([started, handedOff(), failedEvent]).when(recordAssessment).thenNothingHappened();
    spec.given([started, handedOff(), failedEvent]).when(recordFailure).thenNothingHappened();
    const parked = handoffDecider.decide(
      { ...escalate, kind: 'park' },
      [started].reduce(handoffDecider.evolve, handoffDecider.initialState()),
    )[0];
    spec.given([started, parked]).when(recordAssessment).thenNothingHappened();
    spec.given([started]).when(recordAssessment).thenNothingHappened();
  });

  it('belongs to its handoff: after a claim, release and a new escalation, the old one’s answer is stale', () => {
    const released: SessionEvent = {
      type: 'HandoffReleased',
      data: { sessionId: 's', handoffId: 'h1', kind: 'escalate', by: colleague, at: T3 },
    };
    const state = [started, handedOff(), claimedEvent(), released].reduce(handoffDecider.evolve, handoffDecider.initialState());
    expect(state).toMatchObject({ handoff: { assessmentStatus: 'pending' } });
    spec.given([started, handedOff(), claimedEvent(), released]).when(recordAssessment).then([assessedEvent]);
  });

  it('needs a session', () => {
    spec
      .given([])
      .when(recordAssessment)
      .thenThrows(Error, /session/);
  });

  it('is part of the claim briefing when it arrived before the claim', () => {
    const state = [started, forked, dnsRuledOut, switched, handedOff(), assessedEvent].reduce(
      handoffDecider.evolve,
      handoffDecider.initialState(),
    );
    const [event] = handoffDecider.decide(claim, state);
    const body = (event.data as { briefing: { body: string } }).briefing.body;
    expect(body).toContain('Since the handoff, the AI assessment: likely cause: Port 587 is blocked outbound (confidence 70%).');
    expect(body).toContain('Suggested next steps: Check the firewall rule for 587; Try 465.');
    const withoutIt = handoffDecider.decide(claim, [started, handedOff()].reduce(handoffDecider.evolve, handoffDecider.initialState()))[0];
    expect((withoutIt.data as { briefing: { body: string } }).briefing.body).not.toContain('AI assessment');
  });
});

describe('an assessment answer', () => {
  it('is taken when its confidence is within 0..1 and its cause and steps are there', () => {
    expect(validAssessment(ASSESSMENT)).toEqual(ASSESSMENT);
    expect(validAssessment({ ...ASSESSMENT, confidence: 0 })).toMatchObject({ confidence: 0 });
    expect(validAssessment({ ...ASSESSMENT, confidence: 1 })).toMatchObject({ confidence: 1 });
  });

  it('is refused otherwise, so the try is retried', () => {
    for (const bad of [
      { ...ASSESSMENT, confidence: 1.2 },
      { ...ASSESSMENT, confidence: -0.1 },
      { ...ASSESSMENT, confidence: '0.5' },
      { ...ASSESSMENT, likelyCause: ' ' },
      { ...ASSESSMENT, suggestedNextSteps: [] },
      { ...ASSESSMENT, ruledOut: [3] },
      null,
    ])
      expect(() => validAssessment(bad)).toThrow(InvalidAssessmentError);
  });
});

describe('the offline assessment', () => {
  it('is built from the snapshot: the active hypothesis is the likely cause, the dead ends are ruled out', () => {
    const event = handedOff() as { data: { snapshot: Parameters<typeof offlineAssessmentOf>[0] } };
    const assessment = offlineAssessmentOf(event.data.snapshot, 'Needs network access');
    expect(assessment.likelyCause).toMatch(/^Firewall/);
    expect(assessment.ruledOut).toEqual(['DNS: MX record is correct']);
    expect(assessment.suggestedNextSteps[0]).toBe('Continue on "Firewall"');
    expect(assessment.suggestedNextSteps).toContain('Act on the escalation notes: Needs network access');
    expect(assessment.confidence).toBeGreaterThan(0);
    expect(assessment.confidence).toBeLessThanOrEqual(1);
    expect(offlineAssessmentOf(event.data.snapshot, 'Needs network access')).toEqual(assessment);
  });
});

describe('retrying the assessment', () => {
  const policy = { backoffBaseMs: 2000, backoffMaxMs: 10_000, maxAttempts: 5 };
  const now = new Date(T0);
  it('waits base · 2^(try−1), capped, then gives up after the last try', () => {
    expect(afterFailedTry(1, policy, now)).toEqual({ retry: true, attempt: 2, dueAt: new Date(now.getTime() + 2000) });
    expect(afterFailedTry(2, policy, now)).toEqual({ retry: true, attempt: 3, dueAt: new Date(now.getTime() + 4000) });
    expect(afterFailedTry(4, policy, now)).toEqual({ retry: true, attempt: 5, dueAt: new Date(now.getTime() + 10_000) });
    expect(afterFailedTry(5, policy, now)).toEqual({ retry: false });
    expect(afterFailedTry(1, { ...policy, maxAttempts: 1 }, now)).toEqual({ retry: false });
  });
});

const BRIEFING = {
  headline: 'Mail blocked at the firewall — check port 587 first',
  body: 'Where it stands: Firewall\nFirst: check the outbound rule for 587',
};
const T5 = '2026-12-02T11:00:05.000Z';
const recordBriefing: RecordBriefing = {
  type: 'RecordBriefing',
  handoffId: 'h1',
  claimedAt: T2,
  briefing: BRIEFING,
  model: 'loopback/briefer',
  now: T5,
};
const briefedEvent: SessionEvent = {
  type: 'HandoffBriefingWritten',
  data: { sessionId: 's', handoffId: 'h1', briefing: BRIEFING, model: 'loopback/briefer', claimedAt: T2, at: T5 },
};
const releasedEvent: SessionEvent = {
  type: 'HandoffReleased',
  data: { sessionId: 's', handoffId: 'h1', kind: 'escalate', by: colleague, at: T3 },
};

describe('the model-written briefing of a claim', () => {
  it('is recorded once for the current claim, replacing the snapshot’s, without touching the session’s status or times', () => {
    spec.given([started, handedOff(), claimedEvent()]).when(recordBriefing).then([briefedEvent]);
    const before = [started, handedOff(), claimedEvent()].reduce(handoffDecider.evolve, handoffDecider.initialState());
    expect(before).toMatchObject({
      handoff: { briefingSource: 'snapshot', briefing: (claimedEvent().data as { briefing: object }).briefing },
    });
    spec
      .given([started, handedOff(), claimedEvent()])
      .when(recordBriefing)
      .thenState((after) =>
        expect(after).toEqual({
          ...before,
          handoff: { ...(before as { handoff: object }).handoff, briefing: BRIEFING, briefingSource: 'model' },
        }),
      );
  });

  it('is stale, and no event, when already written, unclaimed, released, claimed again later, for another handoff, or with no handoff', () => {
    spec.given([started, handedOff(), claimedEvent(), briefedEvent]).when(recordBriefing).thenNothingHappened();
    spec.given([started, handedOff()]).when(recordBriefing).thenNothingHappened();
    spec.given([started, handedOff(), claimedEvent(), releasedEvent]).when(recordBriefing).thenNothingHappened();
    const claimedAgain: SessionEvent = { type: 'HandoffClaimed', data: { ...(claimedEvent().data as object), at: T3 } } as SessionEvent;
    spec.given([started, handedOff(), claimedEvent(), releasedEvent, claimedAgain]).when(recordBriefing).thenNothingHappened();
    spec
      .given([started, handedOff(), claimedEvent(), releasedEvent, claimedAgain])
      .when({ ...recordBriefing, claimedAt: T3 })
      .then([{ ...briefedEvent, data: { ...(briefedEvent.data as object), claimedAt: T3 } } as SessionEvent]);
    spec
      .given([started, handedOff(), claimedEvent()])
      .when({ ...recordBriefing, handoffId: 'h0' })
      .thenNothingHappened();
    spec.given([started]).when(recordBriefing).thenNothingHappened();
  });

  it('of an old claim does not change the state of a newer one', () => {
    const claimedAgain: SessionEvent = { type: 'HandoffClaimed', data: { ...(claimedEvent().data as object), at: T3 } } as SessionEvent;
    const state = [started, handedOff(), claimedEvent(), releasedEvent, claimedAgain, briefedEvent].reduce(
      handoffDecider.evolve,
      handoffDecider.initialState(),
    );
    expect(state).toMatchObject({ status: 'active', handoff: { briefingSource: 'snapshot' } });
    const released = [started, handedOff(), claimedEvent(), releasedEvent].reduce(handoffDecider.evolve, handoffDecider.initialState());
    expect(released).toMatchObject({ handoff: { briefing: null, briefingSource: null } });
  });

  it('needs a session', () => {
    spec
      .given([])
      .when(recordBriefing)
      .thenThrows(Error, /session/);
  });

  it('is asked from the snapshot, the notes, the assessment and the wait', () => {
    const event = handedOff() as { data: { snapshot: Parameters<typeof handoffBriefingPrompt>[0]['snapshot'] } };
    const prompt = handoffBriefingPrompt({
      snapshot: event.data.snapshot,
      notes: 'Needs network access',
      kind: 'escalate',
      assessment: ASSESSMENT,
      waitedSeconds: 1800,
    })
      .map((message) => message.content)
      .join('\n');
    expect(prompt).toContain('Problem: Outlook cannot reach the mail server');
    expect(prompt).toContain('- DNS [dead end]: MX record is correct');
    expect(prompt).toContain('Escalation notes: Needs network access');
    expect(prompt).toContain('Waited on the queue: 30 minute(s) (escalated)');
    expect(prompt).toContain('AI assessment: likely cause: Port 587 is blocked outbound (confidence 70%)');
  });

  it('is taken with a headline and a body, refused otherwise so the try is retried', () => {
    expect(validBriefing({ headline: ' H ', body: ' a\nb ' })).toEqual({ headline: 'H', body: 'a\nb' });
    for (const bad of [{ headline: '', body: 'b' }, { headline: 'h', body: ' ' }, { headline: 'h' }, null, 'text'])
      expect(() => validBriefing(bad)).toThrow(InvalidBriefingError);
  });
});
