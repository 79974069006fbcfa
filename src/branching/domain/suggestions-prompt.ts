import type { PromptMessage } from './branch-prompt.js';

export interface SuggestedHypothesis {
  label: string;
  description: string;
  /** 0–1: how likely the model thinks this cause is. */
  likelihood: number;
  firstCheck: string;
}

/** 2–5 hypotheses, each ready to pass to fork as an option. */
export const SUGGESTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['options'],
  properties: {
    options: {
      type: 'array',
      minItems: 2,
      maxItems: 5,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'description', 'likelihood', 'firstCheck'],
        properties: {
          label: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: 'string', minLength: 1, maxLength: 2000 },
          likelihood: { type: 'number', minimum: 0, maximum: 1 },
          firstCheck: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
    },
  },
} as const;

/** Asks for hypotheses about the problem, given what the branches already tried (pure). */
export function suggestionsPrompt(
  problem: string,
  known: readonly { label: string; status: string; reason: string | null }[],
): PromptMessage[] {
  const branches = known.map((b) => `- ${b.label} [${b.status}]${b.reason ? `: ${b.reason}` : ''}`).join('\n');
  return [
    {
      role: 'system',
      content:
        'Suggest 2 to 5 distinct hypotheses for a troubleshooting problem, each with how likely it is (0–1) and the first thing to check.',
    },
    { role: 'user', content: `Problem: ${problem}${branches ? `\n\nBranches so far:\n${branches}` : ''}` },
  ];
}
