import { keywords, truncate, withoutFinalPunctuation } from './text-tools.js';

/**
 * The offline model's part in a multi-agent discussion (purposes `discussion_turn`,
 * `discussion_vote`, `discussion_outcome`). It reads the labelled lines the discussion prompt
 * writes in its user message — `Goal:`, `Phase:`, `Round:`, `Speaker: Name (role)`,
 * `Questions to the user so far:`, `Proposal [id] (by Name): text`, `Decision:`, `Participant: Name (role)`
 * and the conversation as `Name (role): text` lines — and answers as that role would, so that a
 * discussion with no provider still differs by persona, refers to the goal and to what was said,
 * and reaches a decision deterministically.
 */

interface DiscussionPrompt {
  goal: string;
  phase: string;
  round: number;
  speaker: { name: string; role: string };
  questionsAsked: number;
  proposals: { id: string; by: string; text: string }[];
  /** Earlier contributions, oldest first. */
  said: { name: string; text: string }[];
  decision: string;
  participants: { name: string; role: string }[];
}

const line = (text: string, label: string) => new RegExp(`^${label}:\\s*(.*)$`, 'im').exec(text)?.[1]?.trim() ?? '';
const nameAndRole = (value: string) => {
  const match = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(value);
  return match ? { name: match[1].trim(), role: match[2].trim() } : { name: value.trim(), role: '' };
};

export function readDiscussionPrompt(text: string): DiscussionPrompt {
  const proposals = [...text.matchAll(/^Proposal \[([^\]]+)\] \(by ([^)]*)\):\s*(.+)$/gm)].map((m) => ({
    id: m[1],
    by: m[2],
    text: m[3].trim(),
  }));
  const conversation = text.split(/^Conversation:\s*$/m)[1] ?? '';
  const said = [...conversation.matchAll(/^([^:\n]{1,80}?) \(([^)]*)\):\s*(.+)$/gm)].map((m) => ({ name: m[1].trim(), text: m[3].trim() }));
  return {
    goal: line(text, 'Goal'),
    phase: line(text, 'Phase').toLowerCase(),
    round: Number.parseInt(line(text, 'Round'), 10) || 0,
    speaker: nameAndRole(line(text, 'Speaker')),
    questionsAsked: Number.parseInt(line(text, 'Questions to the user so far'), 10) || 0,
    proposals,
    said,
    decision: line(text, 'Decision'),
    participants: [...text.matchAll(/^Participant:\s*(.+)$/gm)].map((m) => nameAndRole(m[1])),
  };
}

type Persona = 'manager' | 'architect' | 'creative' | 'quality' | 'resources' | 'other';

function personaOf(who: { name: string; role: string }): Persona {
  const text = `${who.role} ${who.name}`.toLowerCase();
  if (/quality|\bqa\b|test/.test(text)) return 'quality';
  if (/architect|technical|engineer|developer/.test(text)) return 'architect';
  if (/creative|strateg|design|innovat/.test(text)) return 'creative';
  if (/resource|coordinat|budget|capacity|finance/.test(text)) return 'resources';
  if (/manager|lead|facilitat|owner/.test(text)) return 'manager';
  return 'other';
}

const quoted = (text: string, max = 90) => `"${truncate(withoutFinalPunctuation(text), max)}"`;

const CONTRIBUTIONS: Record<Persona, (goal: string) => string> = {
  manager: (goal) =>
    `Let me restate the goal: ${quoted(goal)}. I suggest we agree on scope first: what is in for a first milestone, what is out, and who owns each part.`,
  architect: (goal) =>
    `On the technical side of ${quoted(goal)}: start small on what we already run, keep the pieces loosely coupled, and do a short spike on the riskiest integration before committing.`,
  creative: (goal) =>
    `A different angle on ${quoted(goal)}: instead of building everything up front, run a narrow pilot with one team and let what we learn shape the rest.`,
  quality: (goal) =>
    `How will we know ${quoted(goal)} works? Acceptance criteria first: given a real user, when they use it, then the outcome is measurable; the top risk is a partial failure nobody notices.`,
  resources: (goal) =>
    `On effort for ${quoted(goal)}: this looks like two people for about three weeks; the constraint is the shared review time, so we should stage the work.`,
  other: (goal) =>
    `My view on ${quoted(goal)}: we should take the smallest step that shows whether the approach works, then decide on the rest.`,
};

/** In the discussion phase each persona weighs the leading proposal from its own angle. */
const REVIEWS: Record<Persona, string> = {
  manager: 'it can be scoped into milestones with owners, and we should confirm who owns the first one',
  architect: 'it is feasible if we keep the integration points few and measure the load before widening it',
  creative: 'it still leaves room to learn; I would keep one experiment open inside it',
  quality: 'it needs acceptance criteria for each step and an alert when a step fails silently',
  resources: 'it fits our capacity only if the review time is booked before we start',
  other: 'it is workable as a first step',
};

const PROPOSALS: Record<Persona, (goal: string) => string> = {
  manager: (goal) =>
    `Deliver ${quoted(goal, 70)} in two milestones — a pilot for one team, then the full rollout — with one named owner per milestone`,
  architect: (goal) =>
    `Build ${quoted(goal, 70)} on the existing platform behind a feature flag, after a one-week spike on the riskiest integration`,
  creative: (goal) =>
    `Start ${quoted(goal, 70)} as a four-week pilot with one team, then decide on the full rollout from what the pilot shows`,
  quality: (goal) => `Do ${quoted(goal, 70)} in small steps, each shipped only with acceptance criteria and monitoring in place`,
  resources: (goal) => `Staff ${quoted(goal, 70)} with two people for three weeks, in stages, with review time booked up front`,
  other: (goal) => `Take the smallest useful step towards ${quoted(goal, 70)} first, then review`,
};

const AGREE: Record<Persona, string> = {
  manager: 'it gives us a scope and owners we can start on today',
  architect: 'it is technically feasible and keeps the risky part contained',
  creative: 'it leaves room to learn before we commit to everything',
  quality: 'the acceptance criteria discussed make it testable',
  resources: 'it fits the capacity we have',
  other: 'it is a reasonable next step',
};

/** What a contribution says, without the "Building on …: " and "My first take, as …: " it opens with. */
function pointOf(text: string): string {
  const afterQuote = text.includes('"): ') ? text.slice(text.lastIndexOf('"): ') + 4) : text;
  return afterQuote.replace(/^My first take, as [^:]*: /, '');
}

/** A contribution: the persona's angle on the goal, building on the last thing someone else said. */
export function discussionTurn(text: string): Record<string, unknown> {
  const prompt = readDiscussionPrompt(text);
  const persona = personaOf(prompt.speaker);
  // The last point someone else made (not the moderator's notes), without its own preamble.
  const previous = [...prompt.said].reverse().find((s) => s.name !== prompt.speaker.name && s.name !== 'Moderator');
  const opening = previous ? `Building on ${previous.name}'s point (${quoted(pointOf(previous.text), 80)}): ` : '';
  const leading = prompt.proposals[0];
  let message =
    prompt.phase === 'discussion' && leading
      ? `${opening}On ${quoted(leading.text, 80)}: ${REVIEWS[persona]}.`
      : prompt.phase === 'initialization'
        ? `${opening}My first take, as ${prompt.speaker.name}: ${CONTRIBUTIONS[persona](prompt.goal)}`
        : `${opening}${CONTRIBUTIONS[persona](prompt.goal)}`;
  const first = prompt.phase === 'initialization' && prompt.questionsAsked === 0 && prompt.said.length === 0;
  const question = first
    ? {
        text: `Before we go further on ${quoted(prompt.goal)}: what matters most — the deadline, the cost, or the risk?`,
        assumption: 'The deadline matters most, and a first result is wanted within a month.',
      }
    : null;
  const proposes = (prompt.phase === 'exploration' || prompt.phase === 'discussion') && prompt.proposals.length < 2;
  const proposal = proposes ? PROPOSALS[persona](prompt.goal) : null;
  if (proposal) message += ` I propose: ${proposal}.`;
  return { message, proposal, question };
}

/**
 * Votes: every persona prefers the proposal that shares the most words with the goal (ties to the
 * earliest) and disagrees with the others; Quality Assurance disagrees in the first round until
 * acceptance criteria have been discussed, which leaves a recorded dissent.
 */
export function discussionVote(text: string): Record<string, unknown> {
  const prompt = readDiscussionPrompt(text);
  const persona = personaOf(prompt.speaker);
  const goalWords = new Set(keywords(prompt.goal));
  let preferred = prompt.proposals[0];
  let best = -1;
  for (const proposal of prompt.proposals) {
    const shared = new Set(keywords(proposal.text).filter((w) => goalWords.has(w))).size;
    if (shared > best) [preferred, best] = [proposal, shared];
  }
  const votes = prompt.proposals.map((proposal) => {
    if (proposal !== preferred) {
      return {
        proposalId: proposal.id,
        choice: 'disagree',
        reason: `I prefer ${quoted(preferred.text, 60)}: it is closer to the goal than ${quoted(proposal.text, 60)}.`,
      };
    }
    if (persona === 'quality' && prompt.round <= 1) {
      return {
        proposalId: proposal.id,
        choice: 'disagree',
        reason: `${quoted(proposal.text, 60)} has no agreed acceptance criteria yet; I cannot tell when it is done.`,
      };
    }
    return { proposalId: proposal.id, choice: 'agree', reason: `${quoted(proposal.text, 60)}: ${AGREE[persona]}.` };
  });
  const message = votes
    .map((v) => `${v.choice === 'agree' ? 'I agree with' : 'I disagree with'} proposal ${v.proposalId}: ${v.reason}`)
    .join(' ');
  return { message: message || 'There is nothing to vote on yet.', votes };
}

const ACTIONS: Record<Persona, (decision: string) => string> = {
  manager: (d) => `Write the scope and milestones for ${quoted(d, 60)} and share them with the team`,
  architect: (d) => `Run the technical spike for ${quoted(d, 60)} and report the risks`,
  creative: (d) => `Pick the pilot team and success signals for ${quoted(d, 60)}`,
  quality: (d) => `Write the acceptance criteria and monitoring for ${quoted(d, 60)}`,
  resources: (d) => `Book the people and review time for ${quoted(d, 60)}`,
  other: (d) => `Prepare the first step of ${quoted(d, 60)}`,
};

/** The summary, rationale and one action item per participant (owner: the participant). */
export function discussionOutcome(text: string): Record<string, unknown> {
  const prompt = readDiscussionPrompt(text);
  const agreed = prompt.said.length;
  return {
    summary: `The goal was ${quoted(prompt.goal)}. ${prompt.participants.length} participants discussed it in ${agreed} contributions and settled on: ${quoted(prompt.decision, 160)}.`,
    rationale: `It is the option closest to the goal that the participants could support; the objections raised are recorded as dissent.`,
    actionItems: prompt.participants.slice(0, 5).map((p) => ({ item: ACTIONS[personaOf(p)](prompt.decision), owner: p.name })),
  };
}
