/**
 * The living documents (issue 17 item 6), rendered from the records: pure functions of what the
 * read models hold, so each request shows the records as they are now. Newest first.
 */
export const LIVING_DOCS = ['failures', 'estimates', 'decisions', 'patterns'] as const;
export type LivingDoc = (typeof LIVING_DOCS)[number];

interface Dated {
  at: string;
  pipelineId: string | null;
}

export interface FailureEntry extends Dated {
  feature: string;
  approach: string;
  whyFailed: string;
  lesson: string;
}
export interface EstimateEntry extends Dated {
  feature: string;
  estimatedSessions: number;
  actualSessions: number | null;
  complexity: number;
}
export interface DecisionEntry extends Dated {
  phase: string;
  decision: string;
  reasoning: string;
}
export interface PatternCount {
  pattern: string;
  outcome: string;
  uses: number;
  compliance: number | null;
}
export interface DiscoveredPatterns extends Dated {
  feature: string;
  newPatterns: readonly string[];
}

/** Text from records is Markdown-safe enough for a heading or a table cell: no line breaks, no pipes. */
const inline = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const day = (iso: string) => iso.slice(0, 10);
const from = (entry: Dated) => (entry.pipelineId ? ` (pipeline ${entry.pipelineId})` : '');
const none = (what: string) => `_No ${what} recorded yet._\n`;

export function failuresMarkdown(failures: readonly FailureEntry[]): string {
  const body = failures.map(
    (f) =>
      `## ${inline(f.feature)}\n\n*${day(f.at)}${from(f)}*\n\n- **Approach:** ${inline(f.approach)}\n- **Why it failed:** ${inline(f.whyFailed)}\n- **Lesson:** ${inline(f.lesson)}\n`,
  );
  return `# Failures\n\nWhat was tried, why it failed, and the lesson: never repeat a mistake.\n\n${body.length ? body.join('\n') : none('failures')}`;
}

/** `factor`: mean actual / estimated sessions over the window's completed estimates. */
export function estimatesMarkdown(
  estimates: readonly EstimateEntry[],
  correction: { factor: number | null; samples: number; days: number },
): string {
  const factor =
    correction.factor === null
      ? `No estimate completed in the last ${correction.days} days: no correction factor yet.`
      : `**Correction factor: ${correction.factor.toFixed(2)}** (mean actual / estimated sessions over ${correction.samples} completed estimate${correction.samples === 1 ? '' : 's'} in the last ${correction.days} days): multiply new estimates by it.`;
  const rows = estimates.map(
    (e) =>
      `| ${day(e.at)} | ${inline(e.feature)} | ${e.estimatedSessions} | ${e.actualSessions ?? '—'} | ${e.actualSessions === null ? '—' : (e.actualSessions / e.estimatedSessions).toFixed(2)} | ${e.complexity} |`,
  );
  const table = rows.length
    ? `| Date | Feature | Estimated | Actual | Actual / estimated | Complexity |\n| --- | --- | ---: | ---: | ---: | ---: |\n${rows.join('\n')}\n`
    : none('estimates');
  return `# Estimates\n\n${factor}\n\n${table}`;
}

export function decisionsMarkdown(decisions: readonly DecisionEntry[]): string {
  const body = decisions.map(
    (d) => `## ${inline(d.decision)}\n\n*${day(d.at)}, ${inline(d.phase)}${from(d)}*\n\n${d.reasoning.trim() || '_No reasoning given._'}\n`,
  );
  return `# Decisions\n\nWhat the pipelines decided, and why.\n\n${body.length ? body.join('\n') : none('decisions')}`;
}

export function patternsMarkdown(discovered: readonly DiscoveredPatterns[], usage: readonly PatternCount[]): string {
  const found = discovered.flatMap((r) =>
    r.newPatterns.map((p) => `- **${inline(p)}**: found building ${inline(r.feature)} (${day(r.at)}${from(r)})`),
  );
  const rows = usage.map(
    (u) => `| ${inline(u.pattern)} | ${u.outcome} | ${u.uses} | ${u.compliance === null ? '—' : `${Math.round(u.compliance)}%`} |`,
  );
  const table = rows.length
    ? `| Pattern | Outcome | Uses | Mean compliance |\n| --- | --- | ---: | ---: |\n${rows.join('\n')}\n`
    : none('pattern usage');
  return `# Patterns\n\n## Discovered in retrospectives\n\n${found.length ? `${found.join('\n')}\n` : none('new patterns')}\n## Usage\n\n${table}`;
}
