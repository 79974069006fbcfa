import type { HandoffAssessment, HandoffBriefing, HandoffSnapshot } from '../../branching/index.js';
import { type AssessmentPromptMessage, handoffFacts } from './handoff-assessment.js';

/** The JSON schema of a model-written briefing, for the structured call. */
export const HANDOFF_BRIEFING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['headline', 'body'],
  properties: {
    headline: { type: 'string', minLength: 1, maxLength: 200, description: 'One line: the problem and what to do first' },
    body: {
      type: 'string',
      minLength: 1,
      maxLength: 4000,
      description:
        'Plain text, one fact per line: where the work stands, what was ruled out and why, the assessment’s suggestion, the first thing to do',
    },
  },
} as const;

const minutes = (seconds: number) => `${Math.round(seconds / 60)} minute(s)`;

/** What the claimer's briefing is written from: the snapshot, the notes, the assessment if it arrived, and the wait. */
export interface BriefingFacts {
  snapshot: HandoffSnapshot;
  notes: string;
  kind: string;
  assessment: HandoffAssessment | null;
  /** Seconds from the handoff to the claim. */
  waitedSeconds: number;
}

/** The briefing request of a claim. Pure. */
export function handoffBriefingPrompt(facts: BriefingFacts): AssessmentPromptMessage[] {
  const lines = [
    handoffFacts(facts.snapshot, facts.notes),
    `Waited on the queue: ${minutes(facts.waitedSeconds)} (${facts.kind === 'park' ? 'parked' : 'escalated'})`,
  ];
  const assessment = facts.assessment;
  if (assessment)
    lines.push(
      `AI assessment: likely cause: ${assessment.likelyCause} (confidence ${Math.round(assessment.confidence * 100)}%)`,
      `Suggested next steps: ${assessment.suggestedNextSteps.join('; ')}`,
      ...(assessment.ruledOut.length > 0 ? [`The assessment rules out: ${assessment.ruledOut.join('; ')}`] : []),
    );
  return [
    {
      role: 'system',
      content:
        'An engineer just claimed a troubleshooting session from the team queue. Brief them: a one-line headline, and a body in plain ' +
        'text with one fact per line: where the work stands, what was ruled out and why, the assessment’s suggestion if there is one, ' +
        'and the first thing to do. Use only the facts given.',
    },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** A model's answer that is not a usable briefing: the try failed and is retried. */
export class InvalidBriefingError extends Error {}

/** The answer as a briefing (trimmed), or InvalidBriefingError (an empty headline or body). Pure. */
export function validBriefing(value: unknown): HandoffBriefing {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof v.headline !== 'string' || v.headline.trim() === '') throw new InvalidBriefingError('the briefing has no headline');
  if (typeof v.body !== 'string' || v.body.trim() === '') throw new InvalidBriefingError('the briefing has no body');
  return { headline: v.headline.trim(), body: v.body.trim() };
}
