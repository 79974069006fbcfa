import semver from 'semver';
import type { AgentVersionStatus } from '../domain/agent-definition.state.js';

/**
 * The version that stands for an agent in lists and in `GET /agents/{slug}`: the highest published
 * version; failing that the highest draft; failing that the highest deprecated one.
 */
export function currentVersion(versions: readonly { version: string; status: AgentVersionStatus }[]): string | null {
  for (const status of ['published', 'draft', 'deprecated'] as const) {
    const candidates = versions.filter((v) => v.status === status).map((v) => v.version);
    if (candidates.length > 0) return semver.rsort(candidates)[0];
  }
  return null;
}
