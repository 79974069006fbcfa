import { decisionsMarkdown, estimatesMarkdown, failuresMarkdown, patternsMarkdown } from './living-docs.js';

const at = '2026-12-03T10:00:00.000Z';

describe('living documents', () => {
  it('lists failures with their lesson, keeping record text on one line', () => {
    const doc = failuresMarkdown([
      { at, pipelineId: 'p1', feature: 'WebSocket\nnotifications', approach: 'Native', whyFailed: 'Scaling', lesson: 'Redis | pub/sub' },
    ]);
    expect(doc).toBe(
      '# Failures\n\nWhat was tried, why it failed, and the lesson: never repeat a mistake.\n\n' +
        '## WebSocket notifications\n\n*2026-12-03 (pipeline p1)*\n\n- **Approach:** Native\n- **Why it failed:** Scaling\n- **Lesson:** Redis \\| pub/sub\n',
    );
    expect(failuresMarkdown([])).toContain('_No failures recorded yet._');
  });

  it('shows estimates against actuals with the correction factor, or says there is none', () => {
    const doc = estimatesMarkdown(
      [
        { at, pipelineId: null, feature: 'OAuth', estimatedSessions: 3, actualSessions: 5, complexity: 7 },
        { at, pipelineId: null, feature: 'Search', estimatedSessions: 2, actualSessions: null, complexity: 3 },
      ],
      { factor: 5 / 3, samples: 1, days: 90 },
    );
    expect(doc).toContain('**Correction factor: 1.67** (mean actual / estimated sessions over 1 completed estimate in the last 90 days)');
    expect(doc).toContain('| 2026-12-03 | OAuth | 3 | 5 | 1.67 | 7 |');
    expect(doc).toContain('| 2026-12-03 | Search | 2 | — | — | 3 |');
    expect(estimatesMarkdown([], { factor: null, samples: 0, days: 90 })).toContain('no correction factor yet');
  });

  it('lists decisions with their phase and reasoning', () => {
    const doc = decisionsMarkdown([{ at, pipelineId: null, phase: 'plan', decision: 'Three steps', reasoning: '' }]);
    expect(doc).toContain('## Three steps\n\n*2026-12-03, plan*\n\n_No reasoning given._\n');
  });

  it('lists discovered patterns and usage by outcome', () => {
    const doc = patternsMarkdown(
      [{ at, pipelineId: null, feature: 'OAuth', newPatterns: ['token interceptor'] }],
      [{ pattern: 'repository', outcome: 'followed', uses: 2, compliance: 87.5 }],
    );
    expect(doc).toContain('- **token interceptor**: found building OAuth (2026-12-03)');
    expect(doc).toContain('| repository | followed | 2 | 88% |');
    expect(patternsMarkdown([], [])).toContain('_No new patterns recorded yet._');
  });
});
