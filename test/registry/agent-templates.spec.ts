import { readAgentTemplates } from '../../src/registry/application/agent-templates.js';
import { exportAgentYaml } from '../../src/registry/domain/agent-yaml.js';

describe('shipped agent templates', () => {
  it('all parse, validate and are named after their slug', async () => {
    const templates = await readAgentTemplates();
    expect(templates.map((t) => t.spec.slug).sort()).toEqual(
      [
        'qa-manager',
        'explorer',
        'executor',
        'project-manager',
        'technical-architect',
        'creative-strategist',
        'quality-assurance',
        'resource-coordinator',
        'tech-lead',
        'pipeline-why',
        'pipeline-research',
        'pipeline-architect',
        'pipeline-builder',
        'pipeline-tester',
        'pipeline-reviewer',
        'pipeline-retrospective',
      ].sort(),
    );
    for (const template of templates) expect(template.file).toBe(`${template.spec.slug}.yaml`);
  });

  it('are in canonical form: exporting one gives back its file', async () => {
    for (const template of await readAgentTemplates())
      expect({ file: template.file, yaml: exportAgentYaml(template.spec) }).toEqual({ file: template.file, yaml: template.yaml });
  });

  it('carry real personas, not placeholders', async () => {
    for (const { spec } of await readAgentTemplates()) {
      expect(spec.persona.length).toBeGreaterThan(600);
      expect(spec.persona).not.toMatch(/TODO|lorem|placeholder/i);
      expect(spec.goals.length).toBeGreaterThan(0);
    }
  });

  it('give every pipeline phase an agent woken by its phase event', async () => {
    const pipeline = (await readAgentTemplates()).filter(({ spec }) => spec.metadata.category === 'pipeline');
    expect(pipeline.map(({ spec }) => spec.metadata.phase).sort()).toEqual([
      'build',
      'plan',
      'research',
      'retrospective',
      'review',
      'test',
      'why',
    ]);
    for (const { spec } of pipeline) expect(spec.triggers[0].eventType).toBe('pipeline.phase.started');
  });
});
