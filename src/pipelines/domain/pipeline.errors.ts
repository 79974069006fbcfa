import { TypedRuleError } from '../../platform/decider/decider.js';

/** A pipelines rule with its own problem type, so a client tells "gate not waiting" from "finished" without parsing text. */
export abstract class PipelineRuleError extends TypedRuleError {}

export class PipelineAlreadyStartedError extends PipelineRuleError {
  readonly status = 409;
  readonly problemType = 'pipeline-already-started';
  constructor(pipelineId: string) {
    super('pipeline_already_started', `pipeline ${pipelineId} already exists`);
  }
}

/** The pipeline is completed or cancelled: it takes no more changes. */
export class PipelineFinishedError extends PipelineRuleError {
  readonly status = 409;
  readonly problemType = 'pipeline-finished';
  constructor(pipelineId: string, pipelineStatus: string, change: string) {
    super('pipeline_finished', `pipeline ${pipelineId} is ${pipelineStatus}: it cannot ${change}`);
    Object.assign(this.extensions, { pipelineStatus });
  }
}

/** Approving a phase whose gate is not the one waiting (not gated, not reached, or approved already). */
export class GateNotWaitingError extends PipelineRuleError {
  readonly status = 409;
  readonly problemType = 'gate-not-waiting';
  constructor(pipelineId: string, phase: string, waiting: string | null) {
    super(
      'gate_not_waiting',
      `pipeline ${pipelineId} is not waiting for approval after ${phase}${waiting ? ` (it waits after ${waiting})` : ''}`,
    );
    Object.assign(this.extensions, { phase, waitingGate: waiting });
  }
}

/** Retrying a phase that is not the one that failed. */
export class PhaseNotFailedError extends PipelineRuleError {
  readonly status = 409;
  readonly problemType = 'phase-not-failed';
  constructor(pipelineId: string, phase: string, failedPhase: string | null) {
    super(
      'phase_not_failed',
      `phase ${phase} of pipeline ${pipelineId} did not fail${failedPhase ? ` (${failedPhase} did)` : ''}: only a failed phase can be retried`,
    );
    Object.assign(this.extensions, { phase, failedPhase });
  }
}

/** A phase mapped to an agent the registry does not have published for the organization. */
export class PhaseAgentNotPublishedError extends PipelineRuleError {
  readonly status = 422;
  readonly problemType = 'phase-agent-not-published';
  constructor(phase: string, agent: string, agentStatus: string | null) {
    super(
      'phase_agent_not_published',
      agentStatus === null
        ? `phase ${phase}: agent ${agent} is not in the registry`
        : `phase ${phase}: agent ${agent} is ${agentStatus}, not published`,
    );
    Object.assign(this.extensions, { phase, agent, agentStatus });
  }
}

/** A failed phase of a paused pipeline is retried once it is resumed: nothing starts while paused. */
export class PipelinePausedError extends PipelineRuleError {
  readonly status = 409;
  readonly problemType = 'pipeline-paused';
  constructor(pipelineId: string) {
    super('pipeline_paused', `pipeline ${pipelineId} is paused: resume it first`);
  }
}
