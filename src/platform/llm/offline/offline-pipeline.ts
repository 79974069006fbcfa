import { topKeywords, truncate, withoutFinalPunctuation } from './text-tools.js';

/**
 * The offline model's part in a feature pipeline (purposes `pipeline_<phase>`). It reads the
 * labelled lines the pipeline's phase prompt writes — `Feature request:`, `Correction factor:`,
 * `Past failure: … — approach: … — why it failed: … — lesson: …`, `Past retrospective: …` and
 * `Earlier phase <phase>: <json>` — and answers each phase's schema from them: the why quotes the
 * lessons, the research avoids an approach that failed, the plan's steps come from the request, the
 * build completes the plan's steps, the retrospective counts what the run met. Deterministic.
 */

interface PipelinePrompt {
  feature: string;
  factor: string | null;
  failures: { feature: string; approach: string; whyFailed: string; lesson: string }[];
  patterns: string[];
  earlier: Map<string, Record<string, unknown>>;
}

function readPipelinePrompt(text: string): PipelinePrompt {
  const feature = /^Feature request:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const factor = /^Correction factor:\s*([\d.]+)/m.exec(text)?.[1] ?? null;
  const failures = [...text.matchAll(/^Past failure: (.*?) — approach: (.*?) — why it failed: (.*?) — lesson: (.*)$/gm)].map((m) => ({
    feature: m[1],
    approach: m[2],
    whyFailed: m[3],
    lesson: m[4],
  }));
  const patterns = [...text.matchAll(/^Past retrospective: .* — patterns: (.*)$/gm)].flatMap((m) => m[1].split(', '));
  const earlier = new Map<string, Record<string, unknown>>();
  for (const m of text.matchAll(/^Earlier phase (\w+): (\{.*\})$/gm)) {
    try {
      earlier.set(m[1], JSON.parse(m[2]) as Record<string, unknown>);
    } catch {
      // an earlier output that is not JSON is ignored: the phase answers from the request
    }
  }
  return { feature, factor, failures, patterns, earlier };
}

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The request's main terms, to name approaches and steps after. */
const subject = (feature: string) => topKeywords([feature], 3).join(' ') || 'the feature';

function why(p: PipelinePrompt) {
  const feature = withoutFinalPunctuation(p.feature) || 'the request';
  return {
    verdict: p.failures.length > 0 ? 'reshape' : 'proceed',
    problem: truncate(`Users need ${feature.charAt(0).toLowerCase()}${feature.slice(1)}`, 300),
    reasoning:
      p.failures.length > 0
        ? truncate(
            `A similar feature failed before (${p.failures[0].feature}: ${p.failures[0].whyFailed}); proceed only with the lesson applied: ${p.failures[0].lesson}`,
            500,
          )
        : `No similar past failure is recorded; the request states a need worth meeting.`,
    successMetrics: [`${subject(p.feature)} is used by the people who asked for it`, 'no increase in errors or support requests'],
    pastLessons: p.failures.map((f) => truncate(`${f.feature}: ${f.lesson}`, 300)),
    openQuestions: [`Who needs ${subject(p.feature)} first?`],
  };
}

function research(p: PipelinePrompt) {
  const topic = subject(p.feature);
  const failed = new Set(p.failures.map((f) => f.approach.toLowerCase()));
  const candidates = [
    ...p.failures.map((f) => ({ name: f.approach, pros: ['tried before'], cons: [truncate(f.whyFailed, 200)] })),
    { name: `Incremental ${topic} on the existing modules`, pros: ['small steps', 'reuses what exists'], cons: ['slower to finish'] },
    { name: `A dedicated ${topic} service`, pros: ['clear boundary'], cons: ['more to run'] },
  ];
  const chosen = candidates.find((c) => !failed.has(c.name.toLowerCase()))!;
  return {
    priorArt: [...p.patterns, ...p.failures.map((f) => truncate(`${f.feature} (failed: ${f.whyFailed})`, 200))],
    approaches: candidates,
    chosenApproach: chosen.name,
    reasoning:
      p.failures.length > 0
        ? truncate(`Avoids ${p.failures.map((f) => f.approach).join(', ')}, which failed before`, 300)
        : 'The smallest change that meets the need',
    unknowns: [`How much data ${topic} must handle`],
  };
}

function plan(p: PipelinePrompt) {
  const approach = String(p.earlier.get('research')?.chosenApproach ?? `Incremental ${subject(p.feature)}`);
  const topic = subject(p.feature);
  return {
    approach,
    buildSteps: [`Model ${topic}`, `Store ${topic}`, `Expose ${topic} through the API`, `Test ${topic} end to end`],
    risks: p.failures.map((f) => truncate(f.whyFailed, 200)),
  };
}

function build(p: PipelinePrompt) {
  const steps = stringsOf(p.earlier.get('plan')?.buildSteps);
  return {
    completedSteps: steps.length > 0 ? steps : [`Implement ${subject(p.feature)}`],
    filesCreated: Math.max(1, steps.length),
    filesModified: Math.max(1, Math.ceil(steps.length / 2)),
    notes: `Built following the plan: ${String(p.earlier.get('plan')?.approach ?? 'as requested')}`,
  };
}

function test(p: PipelinePrompt) {
  const steps = stringsOf(p.earlier.get('build')?.completedSteps);
  return { testsWritten: Math.max(1, steps.length), passed: true, findings: [] };
}

function review(p: PipelinePrompt) {
  const tests = p.earlier.get('test');
  const passed = tests?.passed !== false;
  return {
    approved: passed,
    issues: passed ? [] : ['tests fail'],
    summary: truncate(`${passed ? 'Meets' : 'Does not yet meet'} the why: ${String(p.earlier.get('why')?.problem ?? p.feature)}`, 300),
  };
}

function retrospective(p: PipelinePrompt) {
  const planned = stringsOf(p.earlier.get('plan')?.buildSteps).length;
  const completed = stringsOf(p.earlier.get('build')?.completedSteps).length;
  const approach = String(p.earlier.get('research')?.chosenApproach ?? p.earlier.get('plan')?.approach ?? 'the plan');
  return {
    surprises: completed > planned ? `The build took ${completed} steps against ${planned} planned` : 'The build followed the plan',
    wouldChange: p.failures.length > 0 ? truncate(`Apply the earlier lesson sooner: ${p.failures[0].lesson}`, 300) : 'Nothing significant',
    newPatterns: [truncate(approach, 120)],
    spikeAccuracy: null,
    patternsUsed: [{ pattern: truncate(approach, 120), outcome: p.earlier.get('review')?.approved === false ? 'needs work' : 'worked' }],
  };
}

const PHASES: Record<string, (prompt: PipelinePrompt) => Record<string, unknown>> = {
  why,
  research,
  plan,
  build,
  test,
  review,
  retrospective,
};

/** `pipeline_<phase>` → the answer for that phase, keyed as the offline model's structured purposes are. */
export const pipelinePhaseAnswers: Record<string, (request: string) => Record<string, unknown>> = Object.fromEntries(
  Object.entries(PHASES).map(([phase, answer]) => [`pipeline_${phase}`, (request: string) => answer(readPipelinePrompt(request))]),
);
