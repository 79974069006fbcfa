import type { DiscussionMessage, OpenDiscussion, PendingTurn } from './discussion.state.js';
import type { Participant, Speaker } from './discussion.types.js';

/**
 * The prompts of a discussion, pure. The system message carries the agent's persona and what the
 * turn asks for; the user message carries the facts as labelled lines (Goal, Phase, Round,
 * Speaker, proposals, the conversation), which the offline model also reads.
 */

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The conversation shown to the model: the newest messages; how many older ones are left out is said. */
export const PROMPT_MESSAGES = 40;

export const TURN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  // `message` first: a structured stream is read for it as it arrives.
  required: ['message', 'proposal', 'question'],
  properties: {
    message: { type: 'string', minLength: 1, maxLength: 6000 },
    proposal: { type: ['string', 'null'], maxLength: 2000 },
    question: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['text', 'assumption'],
          properties: {
            text: { type: 'string', minLength: 1, maxLength: 1000 },
            assumption: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
        { type: 'null' },
      ],
    },
  },
} as const;

export interface TurnAnswer {
  message: string;
  proposal: string | null;
  question: { text: string; assumption: string } | null;
}

export const VOTE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['message', 'votes'],
  properties: {
    message: { type: 'string', minLength: 1, maxLength: 6000 },
    votes: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['proposalId', 'choice', 'reason'],
        properties: {
          proposalId: { type: 'string', minLength: 1, maxLength: 100 },
          choice: { enum: ['agree', 'disagree', 'abstain'] },
          reason: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
    },
  },
} as const;

export interface VoteAnswer {
  message: string;
  votes: { proposalId: string; choice: 'agree' | 'disagree' | 'abstain'; reason: string }[];
}

export const OUTCOME_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'rationale', 'actionItems'],
  properties: {
    summary: { type: 'string', minLength: 1, maxLength: 6000 },
    rationale: { type: 'string', minLength: 1, maxLength: 4000 },
    actionItems: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['item', 'owner'],
        properties: { item: { type: 'string', minLength: 1, maxLength: 1000 }, owner: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
  },
} as const;

export interface OutcomeAnswer {
  summary: string;
  rationale: string;
  actionItems: { item: string; owner: string }[];
}

export function selectorSchema(candidates: readonly string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['speaker', 'reason'],
    properties: { speaker: { enum: [...candidates] }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
  };
}

export interface SelectorAnswer {
  speaker: string;
  reason: string;
}

const PHASE_ASK: Record<PendingTurn['phase'], string> = {
  initialization:
    'This is the initialization phase: give your first take on the goal in a few sentences. If something essential is unclear, ask the user ONE clarifying question (with the assumption you will make if they do not answer); otherwise question is null. Do not propose yet: proposal is null.',
  exploration:
    'This is the exploration phase: bring your role’s angle (options, risks, constraints). You may make ONE concrete proposal the group could vote on, in one sentence; otherwise proposal is null. Ask the user only if you cannot go on without an answer.',
  discussion:
    'This is the discussion phase: respond to the others by name, refine or challenge the proposals, and make a new proposal only if it is clearly better than the existing ones. Do not repeat what was said.',
  consensus: 'This is the consensus phase: vote.',
};

function speakerLabel(by: Speaker, participants: readonly Participant[]): string {
  if (by.kind === 'system') return 'Moderator (system)';
  if (by.kind === 'user') return 'User (the person who asked)';
  const participant = participants.find((p) => p.slug === by.slug);
  return participant ? `${participant.name} (${participant.role})` : `${by.slug} (agent)`;
}

function conversationLines(state: OpenDiscussion): string[] {
  const shown = state.messages.slice(-PROMPT_MESSAGES);
  const left = state.messages.length - shown.length;
  const lines = shown.map((m: DiscussionMessage) => `${speakerLabel(m.by, state.participants)}: ${m.text.replace(/\s*\n\s*/g, ' ')}`);
  return left > 0 ? [`(${left} earlier messages are not shown)`, ...lines] : lines;
}

function factLines(state: OpenDiscussion, speaker: Participant | null, phase: PendingTurn['phase'], round: number): string[] {
  const questions = state.messages.filter((m) => m.kind === 'question').length;
  return [
    `Goal: ${state.goal}`,
    `Phase: ${phase}`,
    `Round: ${round} of ${state.maxRounds}`,
    ...(speaker ? [`Speaker: ${speaker.name} (${speaker.role})`] : []),
    ...state.participants.map((p) => `Participant: ${p.name} (${p.role})`),
    `Questions to the user so far: ${questions}`,
    `Consensus rule: ${state.consensus.rule}${state.consensus.rule === 'supermajority' ? ` (${Math.round(state.consensus.threshold * 100)}% of those who take a side)` : ''}`,
    ...state.proposals.map(
      (p) => `Proposal [${p.id}] (by ${p.by.kind === 'agent' ? p.by.slug : 'the user'}): ${p.text.replace(/\s*\n\s*/g, ' ')}`,
    ),
    'Conversation:',
    ...conversationLines(state),
  ];
}

export function turnPrompt(
  state: OpenDiscussion,
  speaker: Participant,
  persona: string,
  phase: PendingTurn['phase'],
  round: number,
): PromptMessage[] {
  return [
    {
      role: 'system',
      content: [
        persona,
        `You are ${speaker.name} in a discussion with ${state.participants.length - 1} other specialists about the user's goal.`,
        PHASE_ASK[phase],
        'Answer as JSON: {"message": what you say to the group, "proposal": one-sentence proposal or null, "question": {"text", "assumption"} or null}.',
      ].join('\n\n'),
    },
    { role: 'user', content: factLines(state, speaker, phase, round).join('\n') },
  ];
}

export function votePrompt(state: OpenDiscussion, voter: Participant, persona: string, round: number): PromptMessage[] {
  return [
    {
      role: 'system',
      content: [
        persona,
        `You are ${voter.name}. Vote on every proposal listed: agree, disagree or abstain, each with a one-sentence reason that cites the proposal. Under the ${state.consensus.rule} rule a proposal needs enough agreement to be decided.`,
        'Answer as JSON: {"message": your vote explained to the group, "votes": [{"proposalId", "choice", "reason"}]}.',
      ].join('\n\n'),
    },
    { role: 'user', content: factLines(state, voter, 'consensus', round).join('\n') },
  ];
}

export function selectorPrompt(
  state: OpenDiscussion,
  candidates: readonly Participant[],
  phase: PendingTurn['phase'],
  round: number,
): PromptMessage[] {
  return [
    {
      role: 'system',
      content:
        'You moderate a discussion between specialists. Choose who should speak next: the candidate whose role best answers what was said last and moves the group towards a decision. Answer as JSON {"speaker": slug, "reason": one sentence}.',
    },
    {
      role: 'user',
      content: [
        ...factLines(state, null, phase, round),
        'Candidates:',
        ...candidates.map((c) => `- ${c.slug}: ${c.name} (${c.role})`),
      ].join('\n'),
    },
  ];
}

export function outcomePrompt(state: OpenDiscussion, decision: string, dissent: readonly string[]): PromptMessage[] {
  return [
    {
      role: 'system',
      content:
        'Write the outcome of this discussion: a short summary of how it went, the rationale for the decision, and action items each with an owner (a participant by name). Answer as JSON {"summary", "rationale", "actionItems": [{"item", "owner"}]}.',
    },
    {
      role: 'user',
      content: [
        `Decision: ${decision}`,
        ...(dissent.length > 0 ? [`Dissent: ${dissent.join('; ')}`] : []),
        ...factLines(state, null, 'consensus', state.round),
      ].join('\n'),
    },
  ];
}
