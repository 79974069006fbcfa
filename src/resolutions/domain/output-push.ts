import removeMarkdown from 'remove-markdown';
import type { OutputType } from '../../branching/index.js';
import type { PsaNoteVisibility } from '../../integrations/psa/index.js';

/** The title a pushed document goes out under (its ticket note, its e-mail's subject). */
export function outputTitle(type: OutputType, problem: string, content: string): string {
  const short = problem.length > 80 ? `${problem.slice(0, 79)}…` : problem;
  if (type === 'kb_article') return /^# (.+)$/m.exec(content)?.[1]?.trim() ?? short;
  return type === 'psa_notes' ? `Resolution: ${short}` : `How we fixed it: ${short}`;
}

/** Ticket notes are for colleagues; the client summary is written for the client. */
export const psaVisibilityOf = (type: OutputType): PsaNoteVisibility => (type === 'client_summary' ? 'customer' : 'internal');

/** The text for pasting: the Markdown as it is, and plain text without its syntax (list markers kept). Pure. */
export function clipboardOf(content: string): { markdown: string; plainText: string } {
  return { markdown: content, plainText: removeMarkdown(content, { stripListLeaders: false, gfm: true }).trim() };
}
