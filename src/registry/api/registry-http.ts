import { ProblemError, problem } from '../../platform/http/problem.js';
import { AgentSpecInvalidError } from '../domain/agent-spec.schema.js';
import { AgentYamlMalformedError } from '../domain/agent-yaml.js';

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
