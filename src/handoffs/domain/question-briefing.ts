import type { ActiveConversation, ClaimBriefing } from '../../conversations/index.js';

const REASONS = {
  timeout: 'nobody answered in time at any level of the chain',
  cant_help: 'everyone asked said they could not help',
  no_responders: 'the chain had nobody to ask',
} as const;

const minutesBetween = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * What the person who claims a raised question is told: the question, who asked it, who was asked
 * and why it ran out, and how long it has waited. Built from the conversation's events only. Pure.
 */
export function questionBriefingOf(conversation: ActiveConversation, now: string): ClaimBriefing {
  const question = conversation.messages[0];
  const refusals = conversation.messages.filter((message) => message.kind === 'cant_help');
  const levels = [...new Set(conversation.chain.filter((step) => step.responders.length > 0).map((step) => step.level))];
  const lines = [
    `Question (${conversation.questionType}) from ${conversation.asker.displayName}: ${question.text}`,
    `Asked ${minutesBetween(conversation.askedAt, now)} min ago; on the queue for ${minutesBetween(conversation.closedAt ?? now, now)} min.`,
    levels.length > 0
      ? `Asked at ${levels.length} level(s) of the chain (${conversation.round} hand-over(s)).`
      : 'Nobody in the chain could be asked.',
  ];
  if (conversation.exhaustedReason) lines.push(`Raised because ${REASONS[conversation.exhaustedReason]}.`);
  if (refusals.length > 0) lines.push(`Could not help: ${refusals.map((message) => message.text).join('; ')}.`);
  return {
    headline: `Unanswered: ${question.text.length > 80 ? `${question.text.slice(0, 79)}…` : question.text}`,
    body: lines.join('\n'),
  };
}
