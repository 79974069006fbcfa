import { messageText } from '../chat-content.js';
import type { ChatMessage } from '../llm.types.js';
import { keywords, normalizeSpace, sentences, termFrequencies, withoutFinalPunctuation } from './text-tools.js';

/** What the offline model knows: the facts in the conversation, never the instructions. */
export interface PromptContext {
  /** The last user message, the one being answered. */
  request: string;
  /** Every sentence of the user and assistant messages, in order, without duplicates. */
  facts: string[];
  /** `Key: value` lines, keys lower-cased. */
  fields: Map<string, string>;
  /** Options offered for a vote, when the prompt lists them. */
  options: string[];
  /** The first question asked, or the first sentence of the request. */
  topic: string;
}

const OPTION_FIELDS = ['options', 'choices', 'candidates', 'alternatives', 'vote options'];
const OPTION_HEADER = /\b(options?|choices?|candidates?|alternatives?|vote (?:for|on|between))\b[^\n]*:\s*$/i;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)]|[A-Za-z][.)])\s+(.+)$/;
const FIELD = /^\s*([A-Za-z][\w ]{0,40}?)\s*:\s*(.+)$/;

function splitOptions(value: string): string[] {
  return value
    .split(/\s*(?:,|;|\||\s+or\s+|\s+vs\.?\s+)\s*/i)
    .map((option) => withoutFinalPunctuation(normalizeSpace(option)))
    .filter((option) => option.length > 0);
}

function optionsFrom(text: string, fields: Map<string, string>): string[] {
  for (const key of OPTION_FIELDS) {
    const value = fields.get(key);
    if (value) return unique(splitOptions(value));
  }
  // Otherwise the list items that follow a line such as "Options:" or "Vote between:".
  const lines = text.split('\n');
  const header = lines.findIndex((line) => OPTION_HEADER.test(line));
  if (header < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(header + 1)) {
    const item = LIST_ITEM.exec(line);
    if (item) items.push(withoutFinalPunctuation(normalizeSpace(item[1])));
    else if (line.trim() !== '' || items.length > 0) break;
  }
  return unique(items);
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function promptContext(messages: readonly ChatMessage[]): PromptContext {
  const conversation = messages.filter((message) => message.role !== 'system');
  // Images carry no text the offline model could read: it knows only the text parts.
  const last = [...conversation].reverse().find((message) => message.role === 'user');
  const request = last ? messageText(last.content) : '';
  const text = conversation.map((message) => messageText(message.content)).join('\n');
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const field = FIELD.exec(line);
    if (field && !/^https?$/i.test(field[1])) fields.set(field[1].trim().toLowerCase(), normalizeSpace(field[2]));
  }
  const facts = unique(conversation.flatMap((message) => sentences(messageText(message.content))));
  const requestSentences = sentences(request);
  const topic = facts.find((fact) => fact.endsWith('?')) ?? requestSentences[0] ?? facts[0] ?? '';
  return { request, facts, fields, options: optionsFrom(text, fields), topic };
}

/** Statements (not questions) ranked by how many of the conversation's frequent words they carry, then put back in order. */
export function salientFacts(context: PromptContext, count: number, exclude: readonly string[] = []): string[] {
  const frequencies = termFrequencies(context.facts);
  const excluded = new Set(exclude);
  const scored = context.facts
    .map((fact, index) => {
      const terms = keywords(fact);
      const score = terms.reduce((sum, term) => sum + (frequencies.get(term) ?? 0), 0) / Math.sqrt(terms.length + 1);
      return { fact, index, score };
    })
    // Questions are not facts: a summary or a note states what is known.
    .filter(({ fact }) => !excluded.has(fact) && !fact.endsWith('?') && keywords(fact).length > 0);
  return scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map(({ fact }) => fact);
}
