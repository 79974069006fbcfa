import { call, json } from '../support/tenant.js';
import { until } from '../support/until.js';
import { type SessionBody, branchNamed, branchingClient } from '../branching/support.js';

export interface OutputBody {
  id: string;
  sessionId: string;
  resolutionId: string;
  type: 'psa_notes' | 'kb_article' | 'client_summary';
  status: string;
  current: boolean;
  content: string | null;
  contentVersion: number;
  versions: { version: number; content: string; source: string; model: string | null; by: { kind: string; id: string } | null }[];
  model: string | null;
  failure: { reason: string; attempts: number } | null;
  approved: { version: number } | null;
  rejected: { reason: string } | null;
  pushes: { pushId: string; target: string; to: string[] | null; reference: string | null; version: number }[];
}

export interface ResolutionBody {
  sessionId: string;
  resolutionId: string;
  status: string;
  outputs: OutputBody[];
}

/** A small client of the resolutions API for tests, beside the branching one. */
export function resolutionsClient(url: string, key: string) {
  const sessions = branchingClient(url, key);
  const outputs = async (sessionId: string, query = '') =>
    (await json<{ items: OutputBody[] }>(call(`${url}/api/v1/sessions/${sessionId}/outputs${query}`, key))).items;
  return {
    sessions,
    resolve: (sessionId: string, body: Record<string, unknown>, asKey = key) =>
      call(`${url}/api/v1/sessions/${sessionId}/resolve`, asKey, { method: 'POST', body }),
    reopen: (sessionId: string, body: Record<string, unknown> = {}) =>
      call(`${url}/api/v1/sessions/${sessionId}/reopen`, key, { method: 'POST', body }),
    outputs,
    output: (outputId: string) => call(`${url}/api/v1/outputs/${outputId}`, key),
    act: (outputId: string, action: string, body: unknown = {}, headers: Record<string, string> = {}, asKey = key) =>
      call(`${url}/api/v1/outputs/${outputId}${action ? `/${action}` : ''}`, asKey, { method: action ? 'POST' : 'PATCH', body, headers }),
    /** The session's current outputs once none is generating. */
    drafted: (sessionId: string) =>
      until(
        () => outputs(sessionId),
        (items) => items.length === 3 && items.every((item) => item.status !== 'generating'),
        'the three drafts',
      ),
    /**
     * "VPN drops every hour", forked into DNS, MTU and Lease: DNS and MTU ruled out with reasons,
     * Lease marked solved. The session as it stands.
     */
    async workedSession(problem = 'VPN drops every hour'): Promise<SessionBody> {
      const session = await sessions.start(problem);
      const forked = await sessions.fork(session.id, session.rootBranchId, ['DNS', 'MTU', 'Lease']);
      const dead = async (label: string, reason: string) => {
        const response = await sessions.transition(session.id, branchNamed(forked, label).id, 'dead-end', { reason });
        if (response.status !== 200) throw new Error(`dead-end ${label}: ${response.status} ${await response.text()}`);
      };
      await dead('DNS', 'Resolvers answer in 3 ms and the drops continue with IPs');
      await sessions.transition(session.id, branchNamed(forked, 'MTU').id, 'switch');
      await dead('MTU', 'Pings with DF at 1400 bytes pass');
      const lease = branchNamed(forked, 'Lease').id;
      await sessions.transition(session.id, lease, 'switch');
      const solved = await sessions.transition(session.id, lease, 'solved', { reason: 'The DHCP lease was 60 minutes' });
      if (solved.status !== 200) throw new Error(`solved: ${solved.status} ${await solved.text()}`);
      return sessions.get(session.id);
    },
  };
}

export const outputOfType = (items: OutputBody[], type: OutputBody['type']) => {
  const output = items.find((item) => item.type === type);
  expect(output).toBeDefined();
  return output!;
};
