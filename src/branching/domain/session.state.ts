import type { SessionEvent } from './session.events.js';
import type {
  AssessmentStatus,
  AttachedFile,
  BranchStatus,
  BranchSummary,
  ForkPosition,
  BriefingSource,
  HandoffAssessment,
  HandoffBriefing,
  HandoffKind,
  HandoffPriority,
  HandoffSnapshot,
  OutputType,
  SessionStatus,
  StatusChange,
} from './session.types.js';
import type { Actor } from '../../platform/event-store/event.types.js';

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
  /** The latest handoff, claimed or not; null before the first. */
  handoff: CurrentHandoff | null;
  /** Milliseconds spent waiting on the queue (handed off, unclaimed) before `waitingSince`. */
  parkedMs: number;
  /** When the wait now under way began; null while someone works the session. */
  waitingSince: string | null;
  /** The latest resolution, while the session is resolved; null before and after a re-open. */
  resolution: CurrentResolution | null;
}

export interface CurrentResolution {
  resolutionId: string;
  outputs: { outputId: string; type: OutputType }[];
  by: Actor;
  at: string;
}

export interface CurrentHandoff {
  handoffId: string;
  kind: HandoffKind;
  priority: HandoffPriority;
  notes: string;
  snapshot: HandoffSnapshot;
  by: Actor;
  at: string;
  claimedBy: Actor | null;
  claimedAt: string | null;
  /** An escalation's AI assessment once it arrived; a park never gets one. */
  assessment: HandoffAssessment | null;
  assessmentStatus: AssessmentStatus | null;
  /** The current claim's briefing: built from the snapshot at the claim, replaced once a model wrote one; null while unclaimed. */
  briefing: HandoffBriefing | null;
  briefingSource: BriefingSource | null;
}

/** What a handoff of `kind` makes the session while it waits on the queue. */
export const waitingStatusOf = (kind: HandoffKind): SessionStatus => (kind === 'park' ? 'paused' : 'escalated');

const msBetween = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

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
      handoff: null,
      parkedMs: 0,
      waitingSince: null,
      resolution: null,
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
    case 'SessionHandedOff': {
      const d = event.data;
      const handoff: CurrentHandoff = {
        handoffId: d.handoffId,
        kind: d.kind,
        priority: d.priority,
        notes: d.notes,
        snapshot: d.snapshot,
        by: d.by,
        at: d.at,
        claimedBy: null,
        claimedAt: null,
        assessment: null,
        assessmentStatus: d.kind === 'escalate' ? 'pending' : null,
        briefing: null,
        briefingSource: null,
      };
      return { ...state, status: waitingStatusOf(d.kind), handoff, waitingSince: d.at };
    }
    case 'HandoffClaimed': {
      const d = event.data;
      if (!state.handoff) return state;
      const parkedMs = state.parkedMs + (state.waitingSince ? msBetween(state.waitingSince, d.at) : 0);
      return {
        ...state,
        status: 'active',
        handoff: { ...state.handoff, claimedBy: d.by, claimedAt: d.at, briefing: d.briefing, briefingSource: 'snapshot' },
        parkedMs,
        waitingSince: null,
      };
    }
    case 'HandoffReleased': {
      if (!state.handoff) return state;
      const handoff = { ...state.handoff, claimedBy: null, claimedAt: null, briefing: null, briefingSource: null };
      return { ...state, status: waitingStatusOf(handoff.kind), handoff, waitingSince: event.data.at };
    }
    case 'SessionResolved': {
      const d = event.data;
      return { ...state, status: 'resolved', resolution: { resolutionId: d.resolutionId, outputs: d.outputs, by: d.by, at: d.at } };
    }
    case 'SessionReopened':
      return { ...state, status: 'active', resolution: null };
    // An assessment belongs to its handoff only; the session's status and times are not touched.
    case 'HandoffAssessed': {
      if (state.handoff?.handoffId !== event.data.handoffId) return state;
      return { ...state, handoff: { ...state.handoff, assessment: event.data.assessment, assessmentStatus: 'assessed' } };
    }
    case 'HandoffAssessmentFailed': {
      if (state.handoff?.handoffId !== event.data.handoffId) return state;
      return { ...state, handoff: { ...state.handoff, assessmentStatus: 'failed' } };
    }
    // A model's briefing replaces the snapshot's for the claim it was written for only.
    case 'HandoffBriefingWritten': {
      if (state.handoff?.handoffId !== event.data.handoffId || state.handoff.claimedAt !== event.data.claimedAt) return state;
      return { ...state, handoff: { ...state.handoff, briefing: event.data.briefing, briefingSource: 'model' } };
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
