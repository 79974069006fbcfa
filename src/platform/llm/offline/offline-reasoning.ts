import { type PromptContext, salientFacts } from './prompt-context.js';
import { keywords, topKeywords, truncate, withoutFinalPunctuation } from './text-tools.js';

/** The offline model's judgements, shared by its text answers and its JSON answers. */

const ATTEMPT =
  /\b(tried|try(?:ing)?|attempt(?:ed|ing)?|restart(?:ed|ing)?|reboot(?:ed|ing)?|reinstall(?:ed|ing)?|check(?:ed|ing)|clear(?:ed|ing)|reset|updat(?:ed|ing)|upgrad(?:ed|ing)|downgrad(?:ed|ing)|rolled back|ran|tested|verif(?:ied|ying)|chang(?:ed|ing)|disabl(?:ed|ing)|enabl(?:ed|ing)|switch(?:ed|ing)|replac(?:ed|ing)|retried|contacted|escalated)\b/i;
const RESOLUTION =
  /\b(fix(?:ed|es)?|resolv(?:ed|es)|solv(?:ed|es)|solution|workaround|works now|working now|answer(?:ed)? is|the cause was|root cause|turned out)\b/i;
const UNRESOLVED = /\b(still|not working|doesn't work|does not work|fails?|failing|broken|error|unresolved|stuck)\b/i;

export function summaryOf(context: PromptContext, maxSentences = 3): string {
  const picked = salientFacts(context, maxSentences);
  return picked.length === 0 ? 'Nothing has been said yet.' : picked.join(' ');
}

export function attemptsIn(context: PromptContext): string[] {
  return context.facts.filter((fact) => ATTEMPT.test(fact) && !fact.endsWith('?')).map(withoutFinalPunctuation);
}

export function resolutionIn(context: PromptContext): string | undefined {
  return [...context.facts].reverse().find((fact) => RESOLUTION.test(fact));
}

export function looksResolved(context: PromptContext): boolean {
  const resolution = resolutionIn(context);
  if (!resolution) return false;
  // Resolved unless a later fact says it still fails.
  const after = context.facts.slice(context.facts.lastIndexOf(resolution) + 1);
  return !after.some((fact) => UNRESOLVED.test(fact));
}

export function titleOf(context: PromptContext): string {
  const explicit = context.fields.get('title') ?? context.fields.get('subject');
  const base = explicit ?? (context.topic || summaryOf(context, 1));
  return truncate(withoutFinalPunctuation(base), 80) || 'Untitled';
}

export function tagsOf(context: PromptContext, count = 5): string[] {
  return topKeywords(context.facts, count);
}

export interface Vote {
  choice: string;
  reason: string;
}

/**
 * Chooses the option that shares the most keywords with the rest of the conversation; ties go to
 * the option listed first, so the same prompt always gets the same vote.
 */
export function voteAmong(options: readonly string[], context: PromptContext): Vote | undefined {
  if (options.length === 0) return undefined;
  // The lines that only list the options are not evidence for any of them.
  const listsOptionsOnly = (fact: string) => {
    let rest = fact.toLowerCase();
    for (const option of options) rest = rest.split(option.toLowerCase()).join(' ');
    return keywords(rest).every(isOptionHeaderWord);
  };
  const evidence = context.facts.filter((fact) => !listsOptionsOnly(fact));
  const evidenceWords = new Set(evidence.flatMap((fact) => keywords(fact)));
  let best = { option: options[0], shared: [] as string[] };
  for (const option of options) {
    const shared = [...new Set(keywords(option))].filter((word) => evidenceWords.has(word) && !isOptionHeaderWord(word));
    if (shared.length > best.shared.length) best = { option, shared };
  }
  const reason =
    best.shared.length > 0
      ? `"${best.option}" fits the discussion best: it is the option that matches what was said about ${best.shared.slice(0, 4).join(', ')}.`
      : `Nothing said so far favours one option, so this vote goes to the first one listed, "${best.option}".`;
  return { choice: best.option, reason };
}

function isOptionHeaderWord(word: string): boolean {
  return ['option', 'options', 'choice', 'choices', 'vote', 'candidates', 'alternatives', 'between'].includes(word);
}
