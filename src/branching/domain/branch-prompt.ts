import type { BranchStatus, BranchSummary } from './session.types.js';

/** A chat message as the LLM gateway takes it (kept local so the domain stays free of platform imports). */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PromptTurn {
  role: 'user' | 'assistant' | 'system';
  text: string;
  /** True for a message inherited from an ancestor branch (before the fork). */
  inherited: boolean;
}

export interface SiblingBranch {
  label: string;
  status: BranchStatus;
  /** Why it was concluded (dead end or solved). */
  statusReason: string | null;
  summary: BranchSummary | null;
}

export interface AttachmentText {
  fileName: string;
  contentType: string;
  text: string;
}

/** A knowledge-base article relevant to the session, cited in the prompt by its id. */
export interface KnowledgeArticle {
  id: string;
  title: string;
  excerpt: string;
}

export interface BranchPromptInput {
  problem: string;
  domain: string | null;
  branch: { label: string; description: string; status: BranchStatus };
  /** The branch's history in order: inherited, then its own. */
  history: readonly PromptTurn[];
  siblings: readonly SiblingBranch[];
  revival: { evidence: string; fromLabel: string } | null;
  /** Files the branch's messages cited, oldest first (the new message's last). */
  attachments: readonly AttachmentText[];
  newMessage: string;
  /** The organization's articles most relevant to the problem and the new message, best first (none: no section). */
  articles?: readonly KnowledgeArticle[];
  /** Approximate tokens the whole prompt may use. */
  budgetTokens: number;
}

/** Siblings are listed in this order: what is being explored first, concluded work last. */
export const SIBLING_ORDER: readonly BranchStatus[] = ['active', 'untried', 'revived', 'dead_end', 'solved'];

/** Rough token count (4 characters per token): good enough to keep a prompt inside a context window. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const tokensOf = (messages: readonly PromptMessage[]) => messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);

const STATUS_NAMES: Record<BranchStatus, string> = {
  active: 'active',
  untried: 'untried',
  revived: 'revived',
  dead_end: 'dead end',
  solved: 'solved',
};

function siblingLine(sibling: SiblingBranch): string {
  const parts = [`- ${sibling.label} [${STATUS_NAMES[sibling.status]}]`];
  if (sibling.statusReason) parts.push(`${sibling.status === 'dead_end' ? 'ruled out' : 'reason'}: ${sibling.statusReason}`);
  if (sibling.summary) {
    if (sibling.summary.tried.length > 0) parts.push(`tried: ${sibling.summary.tried.join(', ')}`);
    if (sibling.summary.concluded) parts.push(`concluded: ${sibling.summary.concluded}`);
  }
  return parts.join('; ');
}

/** The siblings ordered active, untried, revived, dead ends, solved (stable within a status). */
export function orderSiblings(siblings: readonly SiblingBranch[]): SiblingBranch[] {
  return [...siblings].sort((a, b) => SIBLING_ORDER.indexOf(a.status) - SIBLING_ORDER.indexOf(b.status));
}

/** The part of the prompt budget attachments may take: the conversation keeps the rest. */
export const ATTACHMENT_SHARE = 0.5;
const CUT_MARK = '\n[… cut here to stay within the prompt budget]';

/**
 * The attachments section within `budgetTokens`: the newest files in full while they fit, the newest
 * one cut (and marked) when it alone is too long, and the older ones that do not fit named, so the
 * model knows they exist and can ask for what they said.
 */
export function attachmentSection(attachments: readonly AttachmentText[], budgetTokens: number): string {
  const header = (a: AttachmentText) => `### ${a.fileName} (${a.contentType})`;
  const shown: string[] = [];
  let used = 0;
  let index = attachments.length - 1;
  for (; index >= 0; index--) {
    const block = `${header(attachments[index])}\n${attachments[index].text}`;
    const cost = estimateTokens(block);
    if (used + cost <= budgetTokens) {
      shown.unshift(block);
      used += cost;
      continue;
    }
    if (shown.length === 0) {
      const room = Math.max(0, (budgetTokens - estimateTokens(header(attachments[index]) + CUT_MARK)) * 4);
      shown.unshift(`${header(attachments[index])}\n${attachments[index].text.slice(0, room)}${CUT_MARK}`);
      index--;
    }
    break;
  }
  const named = attachments.slice(0, index + 1).map((a) => `${a.fileName} (${a.contentType})`);
  const older = named.length > 0 ? `\nNot shown, to stay within the prompt budget: ${named.join(', ')}.` : '';
  return `## Attachments\n${shown.join('\n\n')}${older}`;
}

/** How a prompt cites an article, and how the model is asked to cite it back. */
export const articleCitation = (id: string) => `[kb:${id}]`;
const ARTICLE_EXCERPT_CHARS = 300;

/** The knowledge-base section: each article by its citation, title and an excerpt. */
export function knowledgeSection(articles: readonly KnowledgeArticle[]): string {
  const lines = articles.map((a) => {
    const excerpt = a.excerpt.length > ARTICLE_EXCERPT_CHARS ? `${a.excerpt.slice(0, ARTICLE_EXCERPT_CHARS - 3)}...` : a.excerpt;
    return `- ${articleCitation(a.id)} ${a.title} — ${excerpt}`;
  });
  return (
    `## Knowledge base\nArticles of this organization that may apply. When you use one, cite its id as written, e.g. ${articleCitation(articles[0].id)}.\n` +
    lines.join('\n')
  );
}

function condensed(turn: PromptTurn): string {
  const who = turn.role === 'user' ? 'Operator' : turn.role === 'assistant' ? 'Assistant' : 'Note';
  const text = turn.text.replace(/\s+/g, ' ').trim();
  return `${who}: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}

const toMessage = (turn: PromptTurn): PromptMessage => ({
  role: turn.role,
  content: turn.role === 'system' ? `[Note] ${turn.text}` : turn.text,
});

/**
 * The prompt of a message on a branch. Pure. In order: a system message with the problem, the
 * hypothesis this branch explores, the revival evidence, the other branches (active, untried,
 * revived, dead ends with why, solved), the relevant knowledge-base articles and the attachments; then the branch's history; then the new
 * message. Over the budget, the oldest turns are condensed into one note that says how many turns it
 * stands for (newest turns are kept verbatim): nothing is dropped without a trace.
 */
export function buildBranchPrompt(input: BranchPromptInput): PromptMessage[] {
  const sections = [
    'You are a troubleshooting assistant working one hypothesis of a problem with an operator. Be concrete: say what to check next and why.',
    `## Problem\n${input.problem}${input.domain ? `\nDomain: ${input.domain}` : ''}`,
    `## This branch\n${input.branch.label}: ${input.branch.description}`,
  ];
  if (input.revival)
    sections.push(
      `## Revival evidence\nThis branch was a dead end and was revived because of evidence from "${input.revival.fromLabel}": ${input.revival.evidence}`,
    );
  const siblings = orderSiblings(input.siblings);
  if (siblings.length > 0) sections.push(`## Other branches of this session\n${siblings.map(siblingLine).join('\n')}`);
  if (input.articles && input.articles.length > 0) sections.push(knowledgeSection(input.articles));
  if (input.attachments.length > 0) sections.push(attachmentSection(input.attachments, Math.floor(input.budgetTokens * ATTACHMENT_SHARE)));
  const system: PromptMessage = { role: 'system', content: sections.join('\n\n') };
  const last: PromptMessage = { role: 'user', content: input.newMessage };
  const turns = input.history.map(toMessage);
  if (tokensOf([system, ...turns, last]) <= input.budgetTokens) return [system, ...turns, last];

  // Keep the newest turns that fit beside a summary of the rest; the summary itself is capped.
  const available = input.budgetTokens - tokensOf([system, last]);
  const summaryBudget = Math.max(64, Math.floor(available / 3));
  let kept = 0;
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const cost = tokensOf([turns[i]]);
    if (used + cost > available - summaryBudget) break;
    used += cost;
    kept++;
  }
  const older = input.history.slice(0, input.history.length - kept);
  const lines: string[] = [];
  let summaryTokens = 0;
  // Oldest lines give way first when even the condensed form is too long; the count says so.
  for (let i = older.length - 1; i >= 0; i--) {
    const line = condensed(older[i]);
    if (summaryTokens + estimateTokens(line) > summaryBudget) break;
    lines.unshift(line);
    summaryTokens += estimateTokens(line);
  }
  const omitted = older.length - lines.length;
  const header =
    `## Earlier in this branch (${older.length} older turns condensed to stay within the prompt budget` +
    (omitted > 0 ? `; the ${omitted} oldest are only counted` : '') +
    ')';
  const summary: PromptMessage = { role: 'system', content: [header, ...lines].join('\n') };
  return [system, summary, ...turns.slice(turns.length - kept), last];
}
