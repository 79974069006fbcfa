import type { ChatMessage, JsonSchema } from '../../platform/llm/index.js';
import type { PipelineLessons } from '../../learning/index.js';
import type { PipelinePhase } from './pipeline.types.js';

const strings = { type: 'array', items: { type: 'string' } } as const;
const object = (properties: Record<string, unknown>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

/**
 * The structured output each phase must give (strict: every field required, nothing else). The
 * plan's `buildSteps` and the build's `completedSteps` are what scope creep compares.
 */
export const PHASE_SCHEMAS: Record<PipelinePhase, JsonSchema> = {
  why: object({
    verdict: { type: 'string', enum: ['proceed', 'reshape', 'stop'] },
    problem: { type: 'string', minLength: 1 },
    reasoning: { type: 'string', minLength: 1 },
    successMetrics: strings,
    pastLessons: strings,
    openQuestions: strings,
  }),
  research: object({
    priorArt: strings,
    approaches: {
      type: 'array',
      minItems: 1,
      items: object({ name: { type: 'string', minLength: 1 }, pros: strings, cons: strings }),
    },
    chosenApproach: { type: 'string', minLength: 1 },
    reasoning: { type: 'string', minLength: 1 },
    unknowns: strings,
  }),
  plan: object({
    approach: { type: 'string', minLength: 1 },
    buildSteps: { ...strings, minItems: 1 },
    risks: strings,
  }),
  build: object({
    completedSteps: strings,
    filesCreated: { type: 'integer', minimum: 0 },
    filesModified: { type: 'integer', minimum: 0 },
    notes: { type: 'string' },
  }),
  test: object({
    testsWritten: { type: 'integer', minimum: 0 },
    passed: { type: 'boolean' },
    findings: strings,
  }),
  review: object({
    approved: { type: 'boolean' },
    issues: strings,
    summary: { type: 'string', minLength: 1 },
  }),
  retrospective: object({
    surprises: { type: 'string' },
    wouldChange: { type: 'string' },
    newPatterns: strings,
    spikeAccuracy: { type: ['number', 'null'], minimum: 0, maximum: 100 },
    patternsUsed: { type: 'array', items: object({ pattern: { type: 'string', minLength: 1 }, outcome: { type: 'string' } }) },
  }),
};

const TASKS: Record<PipelinePhase, string> = {
  why: 'State the problem behind the request, why it matters, how success is measured, and whether to proceed, reshape or stop. Say what the past failures teach.',
  research:
    'List prior art and at least one approach with pros and cons; choose one, avoiding the approaches that failed before, and say why.',
  plan: 'Turn the chosen approach into an ordered list of build steps (`buildSteps`), each small enough for one sitting, and name the risks.',
  build: 'Carry out the plan: list the steps you completed (`completedSteps`) and how many files you created and modified.',
  test: 'Test what was built: how many tests, whether they pass, and what you found.',
  review: 'Review the work against the why and the plan: approve it or list the issues.',
  retrospective:
    'Look back on the whole run: what surprised you, what you would change, new patterns found, the patterns used and how they worked out.',
};

/** The prefix of offline-model purposes and of schema names: `pipeline_<phase>`. */
export const phasePurpose = (phase: PipelinePhase) => `pipeline_${phase}`;

export interface PhasePromptInput {
  phase: PipelinePhase;
  featureRequest: string;
  /** The agent's registry system prompt (its persona). */
  persona: string;
  /** Outputs of the phases completed so far, in order. */
  earlier: { phase: PipelinePhase; output: Record<string, unknown> }[];
  lessons: PipelineLessons;
}

/**
 * What a phase's agent is told: its persona and task as the system message; the facts as labelled
 * lines of the user message — the feature request, the lessons (similar past failures, relevant
 * retrospectives, the correction factor) and every earlier phase's output as JSON. The offline model
 * reads the same lines (src/platform/llm/offline/offline-pipeline.ts).
 */
export function phasePrompt(input: PhasePromptInput): ChatMessage[] {
  const { failures, retrospectives, correction } = input.lessons;
  const lines = [`Feature request: ${input.featureRequest}`, `Phase: ${input.phase}`];
  lines.push(
    correction.factor === null
      ? 'Correction factor: none yet (no completed estimates)'
      : `Correction factor: ${correction.factor} (mean actual/estimated sessions of ${correction.samples} estimates, last ${correction.days} days)`,
  );
  for (const failure of failures)
    lines.push(
      `Past failure: ${failure.feature} — approach: ${failure.approach} — why it failed: ${failure.whyFailed} — lesson: ${failure.lesson}`,
    );
  for (const retrospective of retrospectives)
    lines.push(
      `Past retrospective: ${retrospective.feature} — surprises: ${retrospective.surprises} — would change: ${retrospective.wouldChange}` +
        (retrospective.newPatterns.length > 0 ? ` — patterns: ${retrospective.newPatterns.join(', ')}` : ''),
    );
  for (const { phase, output } of input.earlier) lines.push(`Earlier phase ${phase}: ${JSON.stringify(output)}`);
  return [
    { role: 'system', content: `${input.persona.trim()}\n\nThis is the ${input.phase} phase of a feature pipeline. ${TASKS[input.phase]}` },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** A short line of what an attempt was given, for its agent log. */
export function inputSummary(input: PhasePromptInput): string {
  const parts = [`${input.phase} of "${truncate(input.featureRequest, 80)}"`];
  if (input.earlier.length > 0) parts.push(`after ${input.earlier.map((e) => e.phase).join(', ')}`);
  parts.push(`${input.lessons.failures.length} past failures, ${input.lessons.retrospectives.length} retrospectives`);
  return parts.join('; ');
}

/** A short line of what a phase produced, for its agent log. */
export function outputSummary(phase: PipelinePhase, output: Record<string, unknown>): string {
  const text = (field: string) => (typeof output[field] === 'string' ? (output[field] as string) : '');
  const count = (field: string) => (Array.isArray(output[field]) ? (output[field] as unknown[]).length : 0);
  switch (phase) {
    case 'why':
      return truncate(`${text('verdict')}: ${text('problem')}`, 200);
    case 'research':
      return truncate(`chose ${text('chosenApproach')} of ${count('approaches')} approaches`, 200);
    case 'plan':
      return truncate(`${count('buildSteps')} build steps: ${text('approach')}`, 200);
    case 'build':
      return `${count('completedSteps')} steps completed, ${String(output.filesCreated)} files created, ${String(output.filesModified)} modified`;
    case 'test':
      return `${String(output.testsWritten)} tests, ${output.passed ? 'passing' : 'failing'}, ${count('findings')} findings`;
    case 'review':
      return truncate(`${output.approved ? 'approved' : 'changes requested'}: ${text('summary')}`, 200);
    case 'retrospective':
      return truncate(`${count('newPatterns')} new patterns; would change: ${text('wouldChange')}`, 200);
  }
}

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
