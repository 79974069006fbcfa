import { PHASE_SCHEMAS, phasePrompt } from '../../../pipelines/domain/phase-prompts.js';
import { PIPELINE_PHASES } from '../../../pipelines/domain/pipeline.types.js';
import { SchemaValidator } from '../structured/schema-validator.js';
import { offlineAnswer } from './offline-model.js';

const lessons = {
  failures: [
    {
      id: 'f1',
      feature: 'Invoice export',
      approach: 'Incremental invoice export on the existing modules',
      whyFailed: 'timed out on large accounts',
      lesson: 'stream the rows',
      similarity: 0.9,
      loggedAt: '2026-12-01T00:00:00.000Z',
    },
  ],
  retrospectives: [],
  correction: { factor: 1.5, samples: 2, days: 90 },
};

describe('the offline model in a pipeline', () => {
  const validator = new SchemaValidator();
  const answer = (
    phase: (typeof PIPELINE_PHASES)[number],
    earlier: { phase: (typeof PIPELINE_PHASES)[number]; output: Record<string, unknown> }[],
    withLessons = lessons,
  ) =>
    JSON.parse(
      offlineAnswer(
        `pipeline_${phase}`,
        phasePrompt({ phase, featureRequest: 'Invoice export for auditors', persona: 'You are it.', earlier, lessons: withLessons }),
        PHASE_SCHEMAS[phase],
      ),
    ) as Record<string, unknown>;

  it('answers every phase’s schema, each phase building on the earlier ones', () => {
    const earlier: { phase: (typeof PIPELINE_PHASES)[number]; output: Record<string, unknown> }[] = [];
    for (const phase of PIPELINE_PHASES) {
      const output = answer(phase, earlier);
      expect(validator.validateText(PHASE_SCHEMAS[phase], JSON.stringify(output))).toMatchObject({ ok: true });
      earlier.push({ phase, output });
    }
    const [why, research, plan, build] = earlier.map((e) => e.output);
    expect(why).toMatchObject({ verdict: 'reshape', pastLessons: ['Invoice export: stream the rows'] });
    expect(research.chosenApproach).not.toBe(lessons.failures[0].approach);
    expect(plan.approach).toBe(research.chosenApproach);
    expect(build.completedSteps).toEqual(plan.buildSteps);
  });

  it('with no past failure the why proceeds', () => {
    expect(answer('why', [], { ...lessons, failures: [] })).toMatchObject({ verdict: 'proceed', pastLessons: [] });
  });
});
