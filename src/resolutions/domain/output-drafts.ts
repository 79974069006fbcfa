import type { ChatMessage } from '../../platform/llm/index.js';
import type { OutputType, ResolutionRecord, ResolvedBranch } from '../../branching/index.js';

/**
 * The three documents of a resolution, as pure functions of what it recorded. The model writes the
 * prose (structured, so each part has its place); the facts a reader must be able to rely on — the
 * "Rule out first" list of every dead end and why — are rendered from the record, never left to the
 * model. Offline, every part is built from the record.
 */

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
const lines = (...parts: (string | null | false | undefined)[]) =>
  parts.filter((part): part is string => typeof part === 'string').join('\n');
const bullet = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');
const ruledOutLine = (branch: ResolvedBranch) => `**${branch.label}**${branch.reason ? ` — ${branch.reason}` : ''}`;

/** "Rule out first": every dead end with why it was ruled out; rendered from the record in every article. */
export function ruleOutFirstSection(record: ResolutionRecord): string {
  if (record.deadEnds.length === 0) return '## Rule out first\n\nNothing was ruled out on the way to this fix.';
  return `## Rule out first\n\nThese were checked and ruled out while solving it:\n\n${bullet(record.deadEnds.map(ruledOutLine))}`;
}

/** The parts each document's model answer has (JSON Schema for the gateway's structured output). */
export const DRAFT_SCHEMAS: Record<OutputType, Record<string, unknown>> = {
  psa_notes: {
    type: 'object',
    additionalProperties: false,
    required: ['internalAnalysis', 'resolutionNote'],
    properties: { internalAnalysis: { type: 'string' }, resolutionNote: { type: 'string' } },
  },
  kb_article: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'problem', 'environment', 'cause', 'fix', 'steps'],
    properties: {
      title: { type: 'string' },
      problem: { type: 'string' },
      environment: { type: 'string' },
      cause: { type: 'string' },
      fix: { type: 'string' },
      steps: { type: 'array', items: { type: 'string' } },
    },
  },
  client_summary: {
    type: 'object',
    additionalProperties: false,
    required: ['summary'],
    properties: { summary: { type: 'string', description: 'Plain language for the client: no internal detail, no jargon' } },
  },
};

export interface PsaNotesParts {
  internalAnalysis: string;
  resolutionNote: string;
}
export interface KbArticleParts {
  title: string;
  problem: string;
  environment: string;
  cause: string;
  fix: string;
  steps: string[];
}
export interface ClientSummaryParts {
  summary: string;
}

const solvedSteps = (record: ResolutionRecord) => record.solvedBranch?.summary?.tried ?? [];

/** The parts built from the record alone (the offline draft). */
export function offlineParts(type: OutputType, record: ResolutionRecord): PsaNotesParts | KbArticleParts | ClientSummaryParts {
  const cause = record.rootCause ?? record.solvedBranch?.summary?.concluded ?? 'Not recorded.';
  if (type === 'psa_notes')
    return {
      internalAnalysis: lines(
        `Problem: ${record.problem}`,
        record.solvedBranch &&
          `Solved on the hypothesis "${record.solvedBranch.label}"${record.solvedBranch.reason ? `: ${record.solvedBranch.reason}` : ''}.`,
        record.deadEnds.length > 0 &&
          `Ruled out: ${record.deadEnds.map((b) => `${b.label}${b.reason ? ` (${b.reason})` : ''}`).join('; ')}.`,
        `Root cause: ${cause}`,
        `Time: ${minutes(record.elapsedSeconds)} min in total, ${minutes(record.waitedSeconds)} min of it waiting on the queue.`,
      ),
      resolutionNote: record.resolution,
    };
  if (type === 'kb_article')
    return {
      title: record.problem.length > 100 ? `${record.problem.slice(0, 99)}…` : record.problem,
      problem: record.problem,
      environment: record.domain ?? 'Not recorded.',
      cause,
      fix: record.resolution,
      steps: solvedSteps(record).length > 0 ? solvedSteps(record) : [record.resolution],
    };
  return {
    summary: `We looked into the problem you reported ("${record.problem}") and fixed it. ${record.resolution} Please let us know if it happens again.`,
  };
}

/** The document's Markdown from its parts (the kb article's "Rule out first" always from the record). Pure. */
export function renderDraft(
  type: OutputType,
  record: ResolutionRecord,
  parts: PsaNotesParts | KbArticleParts | ClientSummaryParts,
): string {
  if (type === 'psa_notes') {
    const p = parts as PsaNotesParts;
    return `## Internal analysis\n\n${p.internalAnalysis.trim()}\n\n## Resolution note\n\n${p.resolutionNote.trim()}`;
  }
  if (type === 'kb_article') {
    const p = parts as KbArticleParts;
    const steps = p.steps.filter((step) => step.trim().length > 0);
    return [
      `# ${p.title.trim()}`,
      `## Problem\n\n${p.problem.trim()}`,
      `## Environment\n\n${p.environment.trim()}`,
      `## Cause\n\n${p.cause.trim()}`,
      `## Fix\n\n${p.fix.trim()}`,
      `## Steps\n\n${steps.map((step, i) => `${i + 1}. ${step.trim()}`).join('\n')}`,
      ruleOutFirstSection(record),
    ].join('\n\n');
  }
  return (parts as ClientSummaryParts).summary.trim();
}

/** Whether a model's answer has every part, each a non-empty string (steps: strings). */
export function validParts(type: OutputType, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const parts = value as Record<string, unknown>;
  const required = DRAFT_SCHEMAS[type].required as string[];
  return required.every((key) =>
    key === 'steps'
      ? Array.isArray(parts[key]) && (parts[key] as unknown[]).every((step) => typeof step === 'string')
      : typeof parts[key] === 'string' && (parts[key] as string).trim().length > 0,
  );
}

const AUDIENCE: Record<OutputType, string> = {
  psa_notes: 'ticket notes for the PSA: an internal analysis for colleagues (technical, concise) and a resolution note',
  kb_article: 'a knowledge-base article another technician can follow: problem, environment, cause, fix and numbered steps',
  client_summary: 'a summary for the client in plain language: what was wrong and what was done, no internal detail, no jargon',
};

/** The messages that ask the model for one document. */
export function draftPrompt(type: OutputType, record: ResolutionRecord, instructions: string | null): ChatMessage[] {
  const facts = lines(
    `Problem: ${record.problem}`,
    record.domain && `Domain: ${record.domain}`,
    `Resolution: ${record.resolution}`,
    record.rootCause && `Root cause: ${record.rootCause}`,
    record.solvedBranch &&
      `Solved on: ${record.solvedBranch.label}${record.solvedBranch.reason ? ` (${record.solvedBranch.reason})` : ''}` +
        (record.solvedBranch.summary
          ? `; tried there: ${record.solvedBranch.summary.tried.join('; ')}; concluded: ${record.solvedBranch.summary.concluded}`
          : ''),
    record.deadEnds.length > 0 && `Ruled out: ${record.deadEnds.map((b) => `${b.label}${b.reason ? ` — ${b.reason}` : ''}`).join('; ')}`,
    record.attachmentNames.length > 0 && `Files: ${record.attachmentNames.join(', ')}`,
  );
  return [
    {
      role: 'system',
      content:
        `You write ${AUDIENCE[type]} from a solved troubleshooting session. Use only the facts given; do not invent versions, ` +
        'names or commands. The list of ruled-out hypotheses is added to articles separately: do not repeat it.',
    },
    { role: 'user', content: instructions ? `${facts}\n\nInstructions from the reviewer: ${instructions}` : facts },
  ];
}
