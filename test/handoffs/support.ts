import { call } from '../support/tenant.js';
import { type SessionBody, branchNamed, branchingClient } from '../branching/support.js';

export interface HandoffBody {
  id: string;
  sessionId: string;
  kind: string;
  priority: string;
  notes: string;
  status: string;
  snapshot: {
    problem: string;
    status: string;
    stepCount: number;
    branches: { branchId: string; label: string; status: string; reason: string | null; parentBranchId: string | null }[];
    activeBranch: { branchId: string; label: string; summary: unknown } | null;
    attachmentNames: string[];
    elapsedSeconds: number;
    parkedSeconds: number;
  };
  claimedBy: { kind: string; id: string } | null;
  claimedAt: string | null;
  briefing: { headline: string; body: string } | null;
  briefingSource: 'snapshot' | 'model' | null;
  assessment: { likelyCause: string; suggestedNextSteps: string[]; confidence: number; ruledOut: string[] } | null;
  assessmentStatus: 'pending' | 'assessed' | 'failed' | null;
}

/** A small client of the handoffs API for tests, beside the branching one. */
export function handoffsClient(url: string, key: string) {
  const sessions = branchingClient(url, key);
  return {
    sessions,
    handOff: (sessionId: string, body: Record<string, unknown>) =>
      call(`${url}/api/v1/sessions/${sessionId}/handoffs`, key, { method: 'POST', body }),
    ofSession: async (sessionId: string) =>
      ((await (await call(`${url}/api/v1/sessions/${sessionId}/handoffs`, key)).json()) as { items: HandoffBody[] }).items,
    claim: (itemId: string, asKey = key) => call(`${url}/api/v1/queue/${itemId}/claim`, asKey, { method: 'POST' }),
    release: (itemId: string, asKey = key) => call(`${url}/api/v1/queue/${itemId}/release`, asKey, { method: 'POST' }),
    queue: async (query = '') =>
      (await call(`${url}/api/v1/queue${query}`, key)).json() as Promise<{ items: HandoffBody[]; nextCursor: string | null }>,
    /** A session forked into DNS (active) and Firewall, then handed off; the handoff. */
    async handedOff(body: Record<string, unknown> = { kind: 'escalate', notes: 'Needs network access', priority: 'elevated' }) {
      const session = await sessions.start();
      const forked: SessionBody = await sessions.fork(session.id, session.rootBranchId, ['DNS', 'Firewall']);
      const response = await this.handOff(session.id, body);
      if (response.status !== 201) throw new Error(`hand off answered ${response.status}: ${await response.text()}`);
      return { session: forked, handoff: (await response.json()) as HandoffBody, dns: branchNamed(forked, 'DNS').id };
    },
  };
}
