import type { Principal } from '../../platform/http/auth/principal.js';
import { ProblemError, problem } from '../../platform/http/problem.js';

/**
 * The member a request acts as: an agent key is always its agent member; an admin or operator key
 * names the member in the body, or acts as the member it belongs to.
 */
export function actingMember(principal: Principal, named: string | undefined, field: string): string {
  if (principal.role === 'agent') {
    if (named !== undefined && named !== principal.memberId)
      throw new ProblemError(problem('forbidden', `An agent key acts as its own member; ${field} must be absent or ${principal.memberId}`));
    if (principal.memberId) return principal.memberId;
  }
  const memberId = named ?? principal.memberId;
  if (!memberId)
    throw new ProblemError(
      problem('validation', `${field} is required: this key acts as no member`, {
        errors: [{ field, messages: [`${field} is required`] }],
      }),
    );
  return memberId;
}
