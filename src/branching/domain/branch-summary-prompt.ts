import type { PromptMessage } from './branch-prompt.js';
import type { BranchSummary } from './session.types.js';

/** The JSON schema of a branch summary, for the structured call. */
export const BRANCH_SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['tried', 'concluded', 'artifacts'],
  properties: {
    tried: { type: 'array', items: { type: 'string' }, description: 'What was checked or attempted on this branch' },
    concluded: { type: 'string', description: 'What this branch has established so far (empty when nothing yet)' },
    artifacts: { type: 'array', items: { type: 'string' }, description: 'Commands, files, log lines or settings worth keeping' },
  },
} as const;

/** The summary request of a branch: its hypothesis, its previous summary and its own messages. Pure. */
export function branchSummaryPrompt(
  problem: string,
  branch: { label: string; description: string },
  previous: BranchSummary | null,
  messages: readonly { role: string; text: string }[],
): PromptMessage[] {
  const transcript = messages
    .map((m) => `${m.role === 'user' ? 'Operator' : m.role === 'assistant' ? 'Assistant' : 'Note'}: ${m.text}`)
    .join('\n');
  return [
    {
      role: 'system',
      content:
        'Summarize one hypothesis branch of a troubleshooting session for the other branches: what was tried, what it concluded, and ' +
        'useful artifacts. Be brief and factual.',
    },
    {
      role: 'user',
      content: [
        `Problem: ${problem}`,
        `Branch: ${branch.label}: ${branch.description}`,
        previous ? `Previous summary: ${JSON.stringify(previous)}` : 'No previous summary.',
        `Messages of this branch:\n${transcript}`,
      ].join('\n\n'),
    },
  ];
}
