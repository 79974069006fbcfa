import type { OpenSession, ResolutionRecord, ResolvedBranch } from '../../branching/index.js';

const secondsBetween = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

/** What a resolution records of the session at `now`: the facts its three documents are drafted from. Pure. */
export function resolutionRecordOf(
  state: OpenSession,
  resolved: { resolution: string; rootCause: string | null; solvedBranchId: string | null },
  now: string,
): ResolutionRecord {
  const branches = Object.values(state.branches);
  const recorded = (branch: (typeof branches)[number]): ResolvedBranch => ({
    branchId: branch.id,
    label: branch.label,
    reason: branch.statusChange?.reason ?? null,
    summary: branch.summary,
  });
  const solved = resolved.solvedBranchId ? state.branches[resolved.solvedBranchId] : undefined;
  return {
    problem: state.problem,
    domain: state.domain,
    resolution: resolved.resolution,
    rootCause: resolved.rootCause,
    solvedBranch: solved ? recorded(solved) : null,
    deadEnds: branches.filter((branch) => branch.status === 'dead_end').map(recorded),
    otherBranches: branches
      .filter((branch) => branch.id !== solved?.id && branch.status !== 'dead_end' && branch.id !== state.rootBranchId)
      .map((branch) => ({ branchId: branch.id, label: branch.label, status: branch.status })),
    attachmentNames: Object.values(state.attachments).map((attachment) => attachment.fileName),
    elapsedSeconds: secondsBetween(state.startedAt, now),
    waitedSeconds: Math.floor(state.parkedMs / 1000),
  };
}

/** The branch a resolution names when the caller names none: the one marked solved most recently. */
export function defaultSolvedBranchId(state: OpenSession): string | null {
  const solved = Object.values(state.branches)
    .filter((branch) => branch.status === 'solved')
    .sort((a, b) => (a.statusChange?.at ?? '').localeCompare(b.statusChange?.at ?? ''));
  return solved.at(-1)?.id ?? null;
}
