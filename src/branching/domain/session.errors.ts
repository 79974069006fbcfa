import { NotFoundError, TypedRuleError } from '../../platform/decider/decider.js';
import type { BranchStatus, SessionStatus } from './session.types.js';

/**
 * A branching rule with its own problem type and status, so clients can tell a refused transition
 * (409) from a plan limit (403) or a bad request (422) without parsing text.
 */
export abstract class BranchingRuleError extends TypedRuleError {}

export class SessionAlreadyExistsError extends BranchingRuleError {
  readonly status = 409;
  readonly problemType = 'session-exists';
  constructor(sessionId: string) {
    super('session_exists', `session ${sessionId} already exists`);
  }
}

/** The branch's status does not allow the transition (e.g. switching to a dead end, reviving a live branch). */
export class IllegalBranchTransitionError extends BranchingRuleError {
  readonly status = 409;
  readonly problemType = 'illegal-branch-transition';
  constructor(
    readonly branchId: string,
    readonly branchStatus: BranchStatus,
    readonly transition: string,
  ) {
    super('illegal_branch_transition', `branch ${branchId} is ${branchStatus}: it cannot ${transition}`);
    Object.assign(this.extensions, { branchId, branchStatus, transition });
  }
}

export class PlanLimitError extends BranchingRuleError {
  readonly status = 403;
  readonly problemType = 'plan-limit';
  constructor(plan: string, limit: number, requested: number) {
    super('plan_limit', `the ${plan} plan allows ${limit} branches per fork point; ${requested} were asked for`);
    Object.assign(this.extensions, { plan, limit, requested });
  }
}

export class EvidenceFromSameBranchError extends BranchingRuleError {
  readonly status = 422;
  readonly problemType = 'evidence-from-same-branch';
  constructor(branchId: string) {
    super('evidence_from_same_branch', `branch ${branchId} cannot be revived with evidence from itself`);
  }
}

export class InvalidForkError extends BranchingRuleError {
  readonly status = 422;
  readonly problemType = 'invalid-fork';
  constructor(detail: string) {
    super('invalid_fork', detail);
  }
}

export class UnknownBranchError extends NotFoundError {
  constructor(branchId: string) {
    super('branch', branchId);
  }
}

/** A handed-off session waits on the team queue: nobody works it until someone claims it. */
export class SessionWaitingOnQueueError extends BranchingRuleError {
  readonly status = 409;
  readonly problemType = 'session-waiting-on-queue';
  constructor(sessionId: string, sessionStatus: SessionStatus, handoffId: string | null) {
    super('session_waiting_on_queue', `session ${sessionId} is ${sessionStatus} on the team queue: claim it first`);
    Object.assign(this.extensions, { sessionStatus, handoffId });
  }
}

/** A resolved session takes no more work until it is re-opened. */
export class SessionResolvedError extends BranchingRuleError {
  readonly status = 409;
  readonly problemType = 'session-resolved';
  constructor(sessionId: string) {
    super('session_resolved', `session ${sessionId} is resolved: re-open it (POST …/reopen) to work on it again`);
  }
}
