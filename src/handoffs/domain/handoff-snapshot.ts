import type { HandoffAssessment, HandoffBriefing, HandoffSnapshot, OpenSession } from '../../branching/index.js';

const secondsBetween = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

/** The session as it stands at `now`: what a handoff records for whoever picks it up. Pure. */
export function snapshotOf(state: OpenSession, stepCount: number, now: string): HandoffSnapshot {
  const active = state.activeBranchId ? state.branches[state.activeBranchId] : undefined;
  return {
    problem: state.problem,
    domain: state.domain,
    status: state.status,
    stepCount,
    branches: Object.values(state.branches).map((branch) => ({
      branchId: branch.id,
      label: branch.label,
      status: branch.status,
      reason: branch.statusChange?.reason ?? null,
      parentBranchId: branch.parentBranchId,
    })),
    activeBranch: active ? { branchId: active.id, label: active.label, summary: active.summary } : null,
    attachmentNames: Object.values(state.attachments).map((attachment) => attachment.fileName),
    elapsedSeconds: secondsBetween(state.startedAt, now),
    parkedSeconds: Math.floor(state.parkedMs / 1000),
  };
}

const STATUS_WORDS: Record<string, string> = {
  untried: 'not tried yet',
  active: 'being worked on',
  revived: 'revived',
  dead_end: 'ruled out',
  solved: 'solved',
};

/**
 * The claimer's briefing, built from the snapshot and the notes (the offline briefing: every fact in
 * it is one the snapshot recorded), and what happened since: the escalation's AI assessment, when it
 * arrived before the claim. Pure.
 */
export function briefingOf(
  snapshot: HandoffSnapshot,
  handoff: { kind: string; notes: string; priority: string; assessment?: HandoffAssessment | null },
): HandoffBriefing {
  const ruledOut = snapshot.branches.filter((branch) => branch.status === 'dead_end');
  const open = snapshot.branches.filter(
    (branch) => branch.status === 'untried' || branch.status === 'active' || branch.status === 'revived',
  );
  const lines = [
    `Problem: ${snapshot.problem}${snapshot.domain ? ` (${snapshot.domain})` : ''}`,
    `Handed off as ${handoff.kind === 'park' ? 'parked' : 'escalated'}, ${handoff.priority} priority, after ${snapshot.stepCount} message(s).`,
    `Notes: ${handoff.notes}`,
  ];
  if (snapshot.activeBranch) {
    lines.push(`Active branch: ${snapshot.activeBranch.label}.`);
    const summary = snapshot.activeBranch.summary;
    if (summary) {
      if (summary.tried.length > 0) lines.push(`Tried there: ${summary.tried.join('; ')}.`);
      if (summary.concluded) lines.push(`Concluded so far: ${summary.concluded}`);
    }
  }
  if (ruledOut.length > 0) lines.push(`Ruled out: ${ruledOut.map((b) => `${b.label}${b.reason ? ` (${b.reason})` : ''}`).join('; ')}.`);
  if (open.length > 0) lines.push(`Still open: ${open.map((b) => `${b.label} (${STATUS_WORDS[b.status]})`).join('; ')}.`);
  if (snapshot.attachmentNames.length > 0) lines.push(`Attached: ${snapshot.attachmentNames.join(', ')}.`);
  const assessment = handoff.assessment;
  if (assessment) {
    lines.push(
      `Since the handoff, the AI assessment: likely cause: ${assessment.likelyCause} (confidence ${Math.round(assessment.confidence * 100)}%).`,
    );
    if (assessment.suggestedNextSteps.length > 0) lines.push(`Suggested next steps: ${assessment.suggestedNextSteps.join('; ')}.`);
    if (assessment.ruledOut.length > 0) lines.push(`The assessment rules out: ${assessment.ruledOut.join('; ')}.`);
  }
  const headline = snapshot.activeBranch
    ? `${snapshot.problem} — continue on "${snapshot.activeBranch.label}"`
    : `${snapshot.problem} — pick the next hypothesis`;
  return { headline, body: lines.join('\n') };
}
