import type { SessionEvent } from './session.events.js';
import type { AttachedFile, BranchStatus, BranchSummary, ForkPosition, SessionStatus, StatusChange } from './session.types.js';

export interface BranchState {
  id: string;
  /** The branch it was forked from; null for the root. */
  parentBranchId: string | null;
  forkId: string | null;
  /** Where its inherited history ends; null for the root (it inherits nothing). */
  at: ForkPosition | null;
  label: string;
  description: string;
  order: number;
  status: BranchStatus;
  /** The last dead end or solution, with who and when. */
  statusChange: StatusChange | null;
  revival: { evidenceFromBranchId: string; evidence: string; at: string } | null;
  summary: BranchSummary | null;
  summaryThroughPosition: number;
  createdAt: string;
}

export interface OpenSession {
  status: SessionStatus;
  id: string;
  organizationId: string;
  squadId: string | null;
  problem: string;
  domain: string | null;
  title: string | null;
  rootBranchId: string;
  /** Exactly one branch is worked on at a time; null after it was concluded (dead end or solved) until the next switch. */
  activeBranchId: string | null;
  /** In creation order. */
  branches: Record<string, BranchState>;
  /** Files attached to any of its branches, by attachment id; a message on any branch may cite them. */
  attachments: Record<string, SessionAttachment>;
  startedAt: string;
}

export interface SessionAttachment extends AttachedFile {
  id: string;
  branchId: string;
}

export type SessionState = { status: 'none' } | OpenSession;

export const initialState = (): SessionState => ({ status: 'none' });

const ROOT_LABEL = 'Root';

function withBranch(state: OpenSession, id: string, change: Partial<BranchState>): OpenSession {
  return { ...state, branches: { ...state.branches, [id]: { ...state.branches[id], ...change } } };
}

export function evolve(state: SessionState, event: SessionEvent): SessionState {
  if (event.type === 'SessionStarted') {
    const d = event.data;
    const root: BranchState = {
      id: d.rootBranchId,
      parentBranchId: null,
      forkId: null,
      at: null,
      label: ROOT_LABEL,
      description: d.problem,
      order: 1,
      status: 'active',
      statusChange: null,
      revival: null,
      summary: null,
      summaryThroughPosition: 0,
      createdAt: d.startedAt,
    };
    return {
      status: 'active',
      id: d.sessionId,
      organizationId: d.organizationId,
      squadId: d.squadId,
      problem: d.problem,
      domain: d.domain,
      title: d.title,
      rootBranchId: d.rootBranchId,
      activeBranchId: d.rootBranchId,
      branches: { [d.rootBranchId]: root },
      attachments: {},
      startedAt: d.startedAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'BranchesForked': {
      const d = event.data;
      const branches = { ...state.branches };
      for (const branch of d.branches)
        branches[branch.branchId] = {
          id: branch.branchId,
          parentBranchId: d.fromBranchId,
          forkId: d.forkId,
          at: d.at,
          label: branch.label,
          description: branch.description,
          order: branch.order,
          status: branch.branchId === d.activatedBranchId ? 'active' : 'untried',
          statusChange: null,
          revival: null,
          summary: null,
          summaryThroughPosition: 0,
          createdAt: d.forkedAt,
        };
      return { ...state, branches, activeBranchId: d.activatedBranchId ?? state.activeBranchId };
    }
    case 'BranchSwitched': {
      const d = event.data;
      const next = { ...state, activeBranchId: d.branchId };
      return d.activated ? withBranch(next, d.branchId, { status: 'active' }) : next;
    }
    case 'BranchMarkedDeadEnd':
    case 'BranchMarkedSolved': {
      const d = event.data;
      const status: BranchStatus = event.type === 'BranchMarkedSolved' ? 'solved' : 'dead_end';
      const next: OpenSession = {
        ...state,
        status: status === 'solved' ? 'solved' : state.status,
        activeBranchId: state.activeBranchId === d.branchId ? null : state.activeBranchId,
      };
      return withBranch(next, d.branchId, { status, statusChange: { reason: d.reason, by: d.by, at: d.at } });
    }
    case 'BranchRevived': {
      const d = event.data;
      return withBranch({ ...state, activeBranchId: d.branchId }, d.branchId, {
        status: 'revived',
        revival: { evidenceFromBranchId: d.evidenceFromBranchId, evidence: d.evidence, at: d.at },
      });
    }
    case 'BranchSummaryUpdated':
      return withBranch(state, event.data.branchId, { summary: event.data.summary, summaryThroughPosition: event.data.throughPosition });
    case 'AttachmentAdded': {
      const { attachmentId, branchId, sha256, fileName, contentType, sizeBytes, kind, summary, truncated } = event.data;
      const attachment: SessionAttachment = {
        id: attachmentId,
        branchId,
        sha256,
        fileName,
        contentType,
        sizeBytes,
        kind,
        summary,
        truncated,
      };
      return { ...state, attachments: { ...state.attachments, [attachmentId]: attachment } };
    }
  }
}

/**
 * The segments of a branch's history, newest first: its own messages (no upper bound), then each
 * ancestor's up to where the next one down forked from it. Pure; the read side turns it into one query.
 */
export function lineageOf(state: OpenSession, branchId: string): { branchId: string; upTo: number | null }[] {
  const segments: { branchId: string; upTo: number | null }[] = [{ branchId, upTo: null }];
  let at = state.branches[branchId]?.at ?? null;
  while (at && at.position > 0) {
    segments.push({ branchId: at.branchId, upTo: at.position });
    at = state.branches[at.branchId]?.at ?? null;
  }
  return segments;
}
