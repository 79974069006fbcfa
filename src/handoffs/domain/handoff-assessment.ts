import type { HandoffAssessment, HandoffSnapshot } from '../../branching/index.js';

/** The JSON schema of an escalation's assessment, for the structured call. */
export const HANDOFF_ASSESSMENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['likelyCause', 'suggestedNextSteps', 'confidence', 'ruledOut'],
  properties: {
    likelyCause: { type: 'string', minLength: 1, description: 'The most likely cause of the problem, in one or two sentences' },
    suggestedNextSteps: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: { type: 'string', minLength: 1 },
      description: 'What the next engineer should do, in order',
    },
    confidence: { type: 'number', minimum: 0, maximum: 1, description: 'How sure you are of the likely cause, 0 to 1' },
    ruledOut: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Causes the session already ruled out, and why' },
  },
} as const;

export interface AssessmentPromptMessage {
  role: 'system' | 'user';
  content: string;
}

const STATUS_WORDS: Record<string, string> = {
  untried: 'not tried yet',
  active: 'worked on',
  revived: 'revived with new evidence',
  dead_end: 'dead end',
  solved: 'solved',
};

/** The facts of the handoff, one per line: the problem, the branch map with reasons, the active branch's summary, the notes. Pure. */
export function handoffFacts(snapshot: HandoffSnapshot, notes: string): string {
  const branches = snapshot.branches.map(
    (branch) => `- ${branch.label} [${STATUS_WORDS[branch.status] ?? branch.status}]${branch.reason ? `: ${branch.reason}` : ''}`,
  );
  const lines = [
    `Problem: ${snapshot.problem}${snapshot.domain ? ` (domain: ${snapshot.domain})` : ''}`,
    `Escalation notes: ${notes}`,
    `Messages so far: ${snapshot.stepCount}`,
    `Hypothesis branches:\n${branches.join('\n')}`,
  ];
  const active = snapshot.activeBranch;
  if (active) {
    lines.push(`Active branch: ${active.label}`);
    if (active.summary) {
      if (active.summary.tried.length > 0) lines.push(`Tried on it: ${active.summary.tried.join('; ')}`);
      if (active.summary.concluded) lines.push(`Concluded on it: ${active.summary.concluded}`);
      if (active.summary.artifacts.length > 0) lines.push(`Artifacts: ${active.summary.artifacts.join('; ')}`);
    }
  }
  if (snapshot.attachmentNames.length > 0) lines.push(`Attached files: ${snapshot.attachmentNames.join(', ')}`);
  return lines.join('\n');
}

/** The assessment request of an escalation, built from its snapshot and notes only. Pure. */
export function handoffAssessmentPrompt(snapshot: HandoffSnapshot, notes: string): AssessmentPromptMessage[] {
  return [
    {
      role: 'system',
      content:
        'A troubleshooting session was escalated to a more senior engineer. Assess it for them: the most likely cause, the next ' +
        'steps to take, your confidence (0 to 1) in the likely cause, and what the session has already ruled out. Use only the ' +
        'facts given; do not suggest what was already ruled out.',
    },
    { role: 'user', content: handoffFacts(snapshot, notes) },
  ];
}

/** A model's answer that is not a usable assessment: the try failed and is retried. */
export class InvalidAssessmentError extends Error {}

const nonEmpty = (values: unknown): values is string[] =>
  Array.isArray(values) && values.every((value) => typeof value === 'string' && value.trim().length > 0);

/** The answer as an assessment, or InvalidAssessmentError (confidence outside 0..1, an empty cause or step). Pure. */
export function validAssessment(value: unknown): HandoffAssessment {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { likelyCause, suggestedNextSteps, confidence, ruledOut } = v;
  if (typeof likelyCause !== 'string' || likelyCause.trim() === '') throw new InvalidAssessmentError('the assessment has no likely cause');
  if (!nonEmpty(suggestedNextSteps) || suggestedNextSteps.length === 0)
    throw new InvalidAssessmentError('the assessment has no usable next steps');
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1)
    throw new InvalidAssessmentError(`the assessment's confidence ${String(confidence)} is not within 0..1`);
  if (!nonEmpty(ruledOut)) throw new InvalidAssessmentError('the assessment has no usable list of what was ruled out');
  return { likelyCause: likelyCause.trim(), suggestedNextSteps: suggestedNextSteps.map((s) => s.trim()), confidence, ruledOut };
}

/**
 * The offline assessment, built from the snapshot alone (the offline model fills a schema from the
 * prompt's sentences, which would offer what was tried as the next steps). Every fact in it is one the
 * snapshot recorded: the hypothesis worked on is the likely cause, the open ones are next, the dead
 * ends are ruled out, and the confidence falls with the number of hypotheses still open. Pure.
 */
export function offlineAssessmentOf(snapshot: HandoffSnapshot, notes: string): HandoffAssessment {
  const deadEnds = snapshot.branches.filter((branch) => branch.status === 'dead_end');
  const open = snapshot.branches.filter(
    (branch) =>
      (branch.status === 'untried' || branch.status === 'active' || branch.status === 'revived') &&
      branch.branchId !== snapshot.activeBranch?.branchId &&
      // The root stands for the problem itself once it has been forked into hypotheses.
      !(branch.parentBranchId === null && snapshot.branches.length > 1),
  );
  const active = snapshot.activeBranch;
  const concluded = active?.summary?.concluded;
  const likelyCause = active
    ? `${active.label}${concluded ? `: ${concluded}` : ''} (the hypothesis being worked on when the session was escalated)`
    : open.length > 0
      ? `${open[0].label} (the first hypothesis still open)`
      : `Not narrowed down yet: ${snapshot.problem}`;
  const steps: string[] = [];
  if (active)
    steps.push(`Continue on "${active.label}"${active.summary?.tried.length ? ` after: ${active.summary.tried.join('; ')}` : ''}`);
  for (const branch of open) steps.push(`Check "${branch.label}" (${STATUS_WORDS[branch.status]})`);
  steps.push(`Act on the escalation notes: ${notes}`);
  const hypotheses = (active ? 1 : 0) + open.length;
  const confidence = hypotheses === 0 ? 0.2 : Math.round((0.8 / hypotheses) * 100) / 100;
  return {
    likelyCause,
    suggestedNextSteps: steps.slice(0, 8),
    confidence,
    ruledOut: deadEnds.map((branch) => `${branch.label}${branch.reason ? `: ${branch.reason}` : ''}`),
  };
}
