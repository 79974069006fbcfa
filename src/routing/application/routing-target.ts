import type { RoutingScope } from '../domain/routing-rule.js';

/** Which rule set a request addresses: one squad's, or the caller's organization's. */
export type RoutingTarget = { kind: 'squad'; squadId: string } | { kind: 'organization' };

export function scopeOf(tenantId: string, target: RoutingTarget): RoutingScope {
  return target.kind === 'squad'
    ? { kind: 'squad', organizationId: tenantId, squadId: target.squadId }
    : { kind: 'organization', organizationId: tenantId };
}
