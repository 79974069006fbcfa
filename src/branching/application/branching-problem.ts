import { PROBLEM_BASE, ProblemError } from '../../platform/http/problem.js';
import { BranchingRuleError } from '../domain/session.errors.js';

const TITLES: Record<number, string> = {
  403: 'The organization’s plan does not allow this',
  409: 'Conflict with the branch’s current state',
  422: 'The request breaks a rule of the domain',
};

/**
 * Runs `work`, answering a branching rule with its own problem type (e.g.
 * `…/problems/illegal-branch-transition`, 409; `…/problems/plan-limit`, 403) instead of the generic
 * domain-rule 422. Other errors pass unchanged.
 */
export async function withBranchingProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof BranchingRuleError)) throw error;
    throw new ProblemError({
      type: PROBLEM_BASE + error.problemType,
      title: TITLES[error.status] ?? 'The request was refused',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...error.extensions,
    });
  }
}
