import { type PromptContext, salientFacts } from './prompt-context.js';
import { attemptsIn, looksResolved, resolutionIn, summaryOf, tagsOf, titleOf, voteAmong } from './offline-reasoning.js';
import { truncate, withoutFinalPunctuation } from './text-tools.js';

/** Text answers of the offline model, one per purpose; each is built only from the prompt's facts. */

const bullets = (items: readonly string[]) => items.map((item) => `- ${withoutFinalPunctuation(item)}`).join('\n');

export function acknowledge(context: PromptContext): string {
  if (!context.topic) return 'Acknowledged. I have your message and will follow up here.';
  const topic = truncate(context.topic, 160);
  const heard = topic.endsWith('?') ? `you asked "${topic}"` : `"${withoutFinalPunctuation(topic)}"`;
  const details = context.facts.length > 1 ? ` I have the details you gave (${context.facts.length} points)` : ' I have it';
  return `Acknowledged: ${heard}.${details} and will follow up here.`;
}

export function summarize(context: PromptContext): string {
  return `Summary: ${summaryOf(context)}`;
}

export function listAttempts(context: PromptContext): string {
  const attempts = attemptsIn(context);
  if (attempts.length === 0) return 'Nothing has been tried yet, as far as this conversation says.';
  return `What was tried so far:\n${bullets(attempts)}`;
}

export function vote(context: PromptContext): string {
  const result = voteAmong(context.options, context);
  if (!result) return 'Abstain: the prompt lists no options to vote on.';
  return `Vote: ${result.choice}\nReason: ${result.reason}`;
}

export function note(context: PromptContext): string {
  const facts = salientFacts(context, 6, [context.topic]);
  return `Note: ${titleOf(context)}\n\n${facts.length > 0 ? bullets(facts) : '- No facts given yet'}`;
}

export function article(context: PromptContext): string {
  const attempts = attemptsIn(context);
  const resolution = resolutionIn(context);
  const used = new Set([...attempts, resolution ?? '', context.topic]);
  const details = salientFacts(context, 5, [...used]).filter((fact) => !used.has(withoutFinalPunctuation(fact)));
  const sections = [
    `# ${titleOf(context)}`,
    `## Problem\n${context.topic || 'Not stated.'}`,
    `## What was tried\n${attempts.length > 0 ? bullets(attempts) : 'Nothing recorded.'}`,
    `## Resolution\n${resolution && looksResolved(context) ? resolution : 'Not resolved yet.'}`,
  ];
  if (details.length > 0) sections.push(`## Details\n${bullets(details)}`);
  sections.push(`Tags: ${tagsOf(context).join(', ') || 'none'}`);
  return sections.join('\n\n');
}

export function assess(context: PromptContext): string {
  const resolved = looksResolved(context);
  const attempts = attemptsIn(context).length;
  return [
    `Assessment: ${resolved ? 'resolved' : 'not resolved yet'}.`,
    `Attempts recorded: ${attempts}.`,
    `Key points: ${summaryOf(context, 2)}`,
  ].join('\n');
}

export function reply(context: PromptContext): string {
  if (!context.request.trim()) return 'I have nothing to answer yet: the conversation is empty.';
  const points = salientFacts(context, 3);
  const attempts = attemptsIn(context);
  const lines = [`On "${truncate(withoutFinalPunctuation(context.topic), 120)}": here is what I have.`, bullets(points)];
  if (attempts.length > 0) lines.push(`Already tried: ${attempts.slice(0, 3).join('; ')}.`);
  lines.push(looksResolved(context) ? 'This looks resolved.' : 'This is not resolved yet; a teammate with more context should confirm.');
  return lines.join('\n');
}
