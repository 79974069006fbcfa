import { deciderSpec } from '../../../test/support/decider-spec.js';
import { AggregateNotFoundError } from '../../platform/decider/decider.js';
import type { PipelineCommand } from './pipeline.commands.js';
import { pipelineDecider } from './pipeline.decider.js';
import {
  GateNotWaitingError,
  PhaseNotFailedError,
  PipelineAlreadyStartedError,
  PipelineFinishedError,
  PipelinePausedError,
} from './pipeline.errors.js';
import type { PipelineEvent } from './pipeline.events.js';
import type { PipelinePhase, PlannedPhase } from './pipeline.types.js';

const spec = deciderSpec(pipelineDecider);
const pipelineId = 'p1';
const at = '2026-12-03T06:00:00.000Z';
const by = { kind: 'api_key' as const, id: 'k1' };
const agent = (slug: string) => ({ slug, version: '1.0.0' });
const phases: PlannedPhase[] = [
  { phase: 'plan', agent: agent('pipeline-architect') },
  { phase: 'build', agent: agent('pipeline-builder') },
  { phase: 'review', agent: agent('pipeline-reviewer') },
];
const figures = { model: 'loopback/m', inputSummary: 'in', durationMs: 12, tokens: { input: 10, output: 5 } };

const started: PipelineEvent = {
  type: 'PipelineStarted',
  data: { pipelineId, featureRequest: 'Export invoices', squadId: null, phases, approvalGates: ['build'], estimate: null, by, at },
};
const phaseStarted = (phase: PipelinePhase, attempt = 1, retriedBy: typeof by | null = null): PipelineEvent => ({
  type: 'PipelinePhaseStarted',
  data: { pipelineId, phase, attempt, agent: phases.find((p) => p.phase === phase)!.agent, retriedBy, at },
});
const completed = (phase: PipelinePhase, output: Record<string, unknown> = {}, attempt = 1): PipelineEvent => ({
  type: 'PipelinePhaseCompleted',
  data: {
    pipelineId,
    phase,
    attempt,
    agent: phases.find((p) => p.phase === phase)!.agent,
    ...figures,
    output,
    outputSummary: 'out',
    repaired: false,
    at,
  },
});
const failed = (phase: PipelinePhase, reason = 'timeout', attempt = 1): PipelineEvent => ({
  type: 'PipelinePhaseFailed',
  data: { pipelineId, phase, attempt, agent: phases.find((p) => p.phase === phase)!.agent, ...figures, reason, at },
});
const gateWaiting = (phase: PipelinePhase): PipelineEvent => ({ type: 'PipelineGateWaiting', data: { pipelineId, phase, at } });
const approved = (phase: PipelinePhase): PipelineEvent => ({
  type: 'PipelineGateApproved',
  data: { pipelineId, phase, note: null, by, at },
});
const paused: PipelineEvent = { type: 'PipelinePaused', data: { pipelineId, by, at } };
const resumed: PipelineEvent = { type: 'PipelineResumed', data: { pipelineId, by, at } };
const cancelled: PipelineEvent = { type: 'PipelineCancelled', data: { pipelineId, reason: null, by, at } };
const pipelineCompleted = (actualSessions: number): PipelineEvent => ({
  type: 'PipelineCompleted',
  data: { pipelineId, actualSessions, at },
});

const start: PipelineCommand = {
  type: 'StartPipeline',
  pipelineId,
  now: at,
  featureRequest: 'Export invoices',
  squadId: null,
  phases,
  approvalGates: ['build'],
  estimate: null,
  by,
};
const complete = (phase: PipelinePhase, output: Record<string, unknown> = {}, attempt = 1): PipelineCommand => ({
  type: 'CompletePhase',
  pipelineId,
  now: at,
  phase,
  attempt,
  agent: phases.find((p) => p.phase === phase)!.agent,
  ...figures,
  output,
  outputSummary: 'out',
  repaired: false,
});
const failTry = (phase: PipelinePhase, attempt = 1): PipelineCommand => ({
  type: 'FailPhaseTry',
  pipelineId,
  now: at,
  phase,
  attempt,
  try: 1,
  agent: phases.find((p) => p.phase === phase)!.agent,
  ...figures,
  reason: 'server 500',
  retryAt: at,
});
const fail = (phase: PipelinePhase, reason = 'timeout', attempt = 1): PipelineCommand => ({
  type: 'FailPhase',
  pipelineId,
  now: at,
  phase,
  attempt,
  agent: phases.find((p) => p.phase === phase)!.agent,
  ...figures,
  reason,
});
const approve = (phase: PipelinePhase): PipelineCommand => ({ type: 'ApproveGate', pipelineId, now: at, phase, note: null, by });
const pause: PipelineCommand = { type: 'PausePipeline', pipelineId, now: at, by };
const resume: PipelineCommand = { type: 'ResumePipeline', pipelineId, now: at, by };
const cancel: PipelineCommand = { type: 'CancelPipeline', pipelineId, now: at, reason: null, by };
const retry = (phase: PipelinePhase): PipelineCommand => ({ type: 'RetryPhase', pipelineId, now: at, phase, by });

/** The histories of every stage the spec tries each command in. */
const none: PipelineEvent[] = [];
const planRunning = [started, phaseStarted('plan')];
const planRunningPaused = [...planRunning, paused];
const atGate = [
  ...planRunning,
  completed('plan', { buildSteps: ['a', 'b'] }),
  phaseStarted('build'),
  completed('build'),
  gateWaiting('build'),
];
const readyPaused = [...planRunningPaused, completed('plan')];
const planFailed = [...planRunning, failed('plan')];
const done = [...atGate, approved('build'), phaseStarted('review'), completed('review'), pipelineCompleted(3)];
const gone = [...planRunning, cancelled];

describe('pipeline decider', () => {
  describe('StartPipeline', () => {
    it('starts the first phase, attempt 1, with the pipeline', () =>
      spec
        .given(none)
        .when(start)
        .then([started, phaseStarted('plan')]));
    it.each([
      ['running', planRunning],
      ['at a gate', atGate],
      ['completed', done],
      ['cancelled', gone],
    ])('a pipeline that exists (%s) is not started again', (_stage, history) =>
      spec.given(history).when(start).thenThrows(PipelineAlreadyStartedError),
    );
  });

  describe('CompletePhase', () => {
    it('records the output and starts the next phase', () =>
      spec
        .given(planRunning)
        .when(complete('plan'))
        .then([completed('plan'), phaseStarted('build')]));
    it('a gated phase waits for a person', () =>
      spec
        .given([...planRunning, completed('plan'), phaseStarted('build')])
        .when(complete('build'))
        .then([completed('build'), gateWaiting('build')]));
    it('the last phase completes the run, counting every attempt started as a session', () =>
      spec
        .given([...atGate, approved('build'), phaseStarted('review')])
        .when(complete('review'))
        .then([completed('review'), pipelineCompleted(3)]));
    it('paused: the output is kept and the next phase does not start', () =>
      spec
        .given(planRunningPaused)
        .when(complete('plan'))
        .then([completed('plan')]));
    it('a build that completed more than 1.5× the planned steps is flagged', () =>
      spec
        .given([...planRunning, completed('plan', { buildSteps: ['a', 'b'] }), phaseStarted('build')])
        .when(complete('build', { completedSteps: ['a', 'b', 'c', 'd'] }))
        .then([
          completed('build', { completedSteps: ['a', 'b', 'c', 'd'] }),
          { type: 'PipelineScopeCreepFlagged', data: { pipelineId, plannedSteps: 2, completedSteps: 4, ratio: 2, at } },
          gateWaiting('build'),
        ]));
    it('exactly 1.5× is not scope creep', () =>
      spec
        .given([...planRunning, completed('plan', { buildSteps: ['a', 'b'] }), phaseStarted('build')])
        .when(complete('build', { completedSteps: ['a', 'b', 'c'] }))
        .then([completed('build', { completedSteps: ['a', 'b', 'c'] }), gateWaiting('build')]));
    it('a doubled completion (the step re-run after a crash) changes nothing', () =>
      spec
        .given([...planRunning, completed('plan'), phaseStarted('build')])
        .when(complete('plan'))
        .thenNothingHappened());
    it('an answer for an older attempt changes nothing', () =>
      spec
        .given([...planFailed, phaseStarted('plan', 2, by)])
        .when(complete('plan', {}, 1))
        .thenNothingHappened());
  });

  describe('FailPhaseTry', () => {
    it('logs the failed try; the attempt goes on', () =>
      spec
        .given(planRunning)
        .when(failTry('plan'))
        .thenState((state) => expect(state.stage).toBe('running')));
    it('a try whose failure is recorded already (re-run after a crash) changes nothing', () => {
      const [tryFailed] = pipelineDecider.decide(
        failTry('plan'),
        planRunning.reduce(pipelineDecider.evolve, pipelineDecider.initialState()),
      );
      spec
        .given([...planRunning, tryFailed])
        .when(failTry('plan'))
        .thenNothingHappened();
    });
  });

  describe('FailPhase', () => {
    it('fails the running attempt with its reason', () =>
      spec
        .given(planRunning)
        .when(fail('plan'))
        .then([failed('plan')]));
    it('a timeout of an attempt that completed changes nothing', () =>
      spec
        .given([...planRunning, completed('plan'), phaseStarted('build')])
        .when(fail('plan'))
        .thenNothingHappened());
  });

  /** An agent's answer, a failed try or a timeout when no attempt of that phase runs: stale, nothing recorded. */
  describe.each([
    ['CompletePhase', complete('plan')],
    ['FailPhaseTry', failTry('plan')],
    ['FailPhase', fail('plan')],
  ])('%s when no attempt runs', (_name, command) => {
    it.each([
      ['none', none],
      ['at a gate', atGate],
      ['ready', readyPaused],
      ['failed', planFailed],
      ['completed', done],
      ['cancelled', gone],
    ])('%s: nothing happens', (_stage, history) => spec.given(history).when(command).thenNothingHappened());
  });

  describe('ApproveGate', () => {
    it('passes the waiting gate and starts the next phase', () =>
      spec
        .given(atGate)
        .when(approve('build'))
        .then([approved('build'), phaseStarted('review')]));
    it('approved while paused: the next phase waits for the resume', () =>
      spec
        .given([...atGate, paused])
        .when(approve('build'))
        .then([approved('build')]));
    it('a gate after the last phase completes the run', () => {
      const gatedLast = { ...start, approvalGates: ['review'] as PipelinePhase[] } as const;
      const history = pipelineDecider.decide(gatedLast, pipelineDecider.initialState());
      const state = history.reduce(pipelineDecider.evolve, pipelineDecider.initialState());
      const run = [complete('plan'), complete('build'), complete('review')].reduce(
        (events, command) => [...events, ...pipelineDecider.decide(command, events.reduce(pipelineDecider.evolve, state))],
        [] as PipelineEvent[],
      );
      expect(run.at(-1)).toEqual(gateWaiting('review'));
      spec
        .given([...history, ...run])
        .when(approve('review'))
        .then([approved('review'), pipelineCompleted(3)]);
    });
    it('another phase than the one waiting is refused', () => spec.given(atGate).when(approve('plan')).thenThrows(GateNotWaitingError));
    it.each([
      ['running', planRunning],
      ['ready', readyPaused],
      ['failed', planFailed],
    ])('no gate waits (%s): refused', (_stage, history) => spec.given(history).when(approve('build')).thenThrows(GateNotWaitingError));
    it('approved twice: the second is refused (the gate no longer waits)', () =>
      spec
        .given([...atGate, approved('build'), phaseStarted('review')])
        .when(approve('build'))
        .thenThrows(GateNotWaitingError));
  });

  describe('PausePipeline', () => {
    it.each([
      ['running', planRunning],
      ['at a gate', atGate],
      ['failed', planFailed],
    ])('pauses (%s)', (_stage, history) => spec.given(history).when(pause).then([paused]));
    it('pausing a paused pipeline changes nothing', () => spec.given(planRunningPaused).when(pause).thenNothingHappened());
  });

  describe('ResumePipeline', () => {
    it('a phase that completed while paused: the next starts', () =>
      spec
        .given(readyPaused)
        .when(resume)
        .then([resumed, phaseStarted('build')]));
    it('paused while a phase runs: resumed, nothing else starts', () => spec.given(planRunningPaused).when(resume).then([resumed]));
    it('paused at a gate: resumed, the gate still waits', () =>
      spec
        .given([...atGate, paused])
        .when(resume)
        .thenState((state) => expect(state.stage).toBe('gate')));
    it('resuming a running pipeline changes nothing', () => spec.given(planRunning).when(resume).thenNothingHappened());
  });

  describe('CancelPipeline', () => {
    it.each([
      ['running', planRunning],
      ['paused', planRunningPaused],
      ['at a gate', atGate],
      ['failed', planFailed],
    ])('cancels (%s)', (_stage, history) => spec.given(history).when(cancel).then([cancelled]));
    it('cancelling again changes nothing', () => spec.given(gone).when(cancel).thenNothingHappened());
    it('a completed pipeline is not cancelled', () => spec.given(done).when(cancel).thenThrows(PipelineFinishedError));
  });

  describe('RetryPhase', () => {
    it('starts the failed phase again, attempt 2, naming who retried', () =>
      spec
        .given(planFailed)
        .when(retry('plan'))
        .then([phaseStarted('plan', 2, by)]));
    it('another phase than the failed one is refused', () => spec.given(planFailed).when(retry('build')).thenThrows(PhaseNotFailedError));
    it.each([
      ['running', planRunning],
      ['at a gate', atGate],
      ['ready', readyPaused],
    ])('nothing failed (%s): refused', (_stage, history) => spec.given(history).when(retry('plan')).thenThrows(PhaseNotFailedError));
    it('paused: refused until resumed', () =>
      spec
        .given([...planFailed, paused])
        .when(retry('plan'))
        .thenThrows(PipelinePausedError));
  });

  /** A person's change to a finished run is refused with its own type; to a run that does not exist, not found. */
  describe.each([
    ['ApproveGate', approve('build')],
    ['PausePipeline', pause],
    ['ResumePipeline', resume],
    ['RetryPhase', retry('plan')],
  ])('%s of a finished or unknown pipeline', (_name, command) => {
    it.each([
      ['completed', done],
      ['cancelled', gone],
    ])('%s: refused', (_stage, history) => spec.given(history).when(command).thenThrows(PipelineFinishedError));
    it('unknown: not found', () => spec.given(none).when(command).thenThrows(AggregateNotFoundError));
  });
  it('CancelPipeline of an unknown pipeline: not found', () => spec.given(none).when(cancel).thenThrows(AggregateNotFoundError));
});
