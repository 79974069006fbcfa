import type { AgentSpec } from '../domain/agent-spec.js';
import type { AgentVersionStatus } from '../domain/agent-definition.state.js';

/** One agent version as queries return it: the definition plus its lifecycle. */
export interface AgentVersionView extends AgentSpec {
  status: AgentVersionStatus;
  registeredAt: string;
  publishedAt: string | null;
  deprecatedAt: string | null;
  deprecationReason: string | null;
}

export interface AgentVersionRow {
  spec: AgentSpec;
  status: AgentVersionStatus;
  registered_at: Date;
  registered_position: string;
  published_at: Date | null;
  deprecated_at: Date | null;
  deprecation_reason: string | null;
}

export const AGENT_VERSION_COLUMNS = 'spec, status, registered_at, registered_position, published_at, deprecated_at, deprecation_reason';

export function toAgentVersionView(row: AgentVersionRow): AgentVersionView {
  return {
    ...row.spec,
    status: row.status,
    registeredAt: row.registered_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    deprecatedAt: row.deprecated_at?.toISOString() ?? null,
    deprecationReason: row.deprecation_reason,
  };
}
