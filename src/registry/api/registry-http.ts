import type { Request } from 'express';
import type { Principal } from '../../platform/http/auth/principal.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import { requestIdOf } from '../../platform/http/request-context.js';
import type { CommandContext } from '../application/command-context.js';
import { AgentSpecInvalidError } from '../domain/agent-spec.schema.js';
import { AgentYamlMalformedError } from '../domain/agent-yaml.js';

/** The command context of an authenticated request: its tenant, who acts, and the request id. */
export function contextOf(principal: Principal, request: Request): CommandContext {
  const actor = principal.memberId
    ? { kind: 'member' as const, id: principal.memberId }
    : { kind: 'api_key' as const, id: principal.keyId };
  return { tenantId: principal.tenantId, actor, requestId: requestIdOf(request) };
}

/** A definition that breaks the schema or is not YAML is a malformed request (400) naming the field, not a domain rule. */
export async function asValidation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AgentSpecInvalidError) {
      const errors = error.problems.map((p) => ({ field: p.field, messages: [p.message] }));
      throw new ProblemError(problem('validation', error.message, { field: error.field, errors }));
    }
    if (error instanceof AgentYamlMalformedError) throw new ProblemError(problem('validation', error.message, { field: error.field }));
    throw error;
  }
}
