import { TypedRuleError } from '../../platform/decider/decider.js';

/** A resolutions rule with its own problem type, so a client tells "already resolved" from "not approved" without parsing text. */
export abstract class ResolutionRuleError extends TypedRuleError {}

export class SessionAlreadyResolvedError extends ResolutionRuleError {
  readonly status = 409;
  readonly problemType = 'session-already-resolved';
  constructor(sessionId: string, resolutionId: string) {
    super('session_already_resolved', `session ${sessionId} is already resolved (resolution ${resolutionId}): re-open it first`);
    Object.assign(this.extensions, { resolutionId });
  }
}

export class SessionNotResolvedError extends ResolutionRuleError {
  readonly status = 409;
  readonly problemType = 'session-not-resolved';
  constructor(sessionId: string, sessionStatus: string) {
    super('session_not_resolved', `session ${sessionId} is ${sessionStatus}: only a resolved session can be re-opened`);
    Object.assign(this.extensions, { sessionStatus });
  }
}

/** The output's status does not allow the change (editing while generating, approving a failed draft, pushing a draft…). */
export class IllegalOutputTransitionError extends ResolutionRuleError {
  readonly status = 409;
  readonly problemType = 'illegal-output-transition';
  constructor(outputId: string, outputStatus: string, change: string) {
    super('illegal_output_transition', `output ${outputId} is ${outputStatus}: it cannot ${change}`);
    Object.assign(this.extensions, { outputStatus, change });
  }
}

/** Only the knowledge-base article can be published to the knowledge base. */
export class OutputTargetError extends ResolutionRuleError {
  readonly status = 422;
  readonly problemType = 'output-target-mismatch';
  constructor(outputType: string, target: string) {
    super('output_target_mismatch', `a ${outputType} output cannot be pushed to ${target}`);
    Object.assign(this.extensions, { outputType, target });
  }
}

/** A push to the PSA with no webhook taking resolutions: nothing would be delivered. */
export class PsaNotConfiguredError extends ResolutionRuleError {
  readonly status = 409;
  readonly problemType = 'psa-not-configured';
  constructor() {
    super(
      'psa_not_configured',
      'the organization’s PSA webhook is not configured for `resolution` events (PUT /api/v1/organization/integrations/psa)',
    );
  }
}
