import type { OpenDiscussion } from '../domain/discussion.state.js';
import type { Speaker } from '../domain/discussion.types.js';

/** A discussion as a Markdown document: goal, participants, the thread, proposals with votes, the outcome. */
export function discussionMarkdown(state: OpenDiscussion): string {
  const name = (by: Speaker) =>
    by.kind === 'agent' ? (state.participants.find((p) => p.slug === by.slug)?.name ?? by.slug) : by.kind === 'user' ? 'User' : 'Moderator';
  const lines = [
    `# Discussion: ${state.goal}`,
    '',
    `- State: ${state.status} (phase ${state.phase}, round ${state.round} of ${state.maxRounds})`,
    `- Consensus rule: ${state.consensus.rule}`,
    `- Participants: ${state.participants.map((p) => `${p.name} (${p.role})`).join(', ')}`,
    `- Opened: ${state.openedAt}`,
    '',
    '## Messages',
    '',
    ...state.messages.flatMap((m) => [`**${name(m.by)}** _(${m.kind}, ${m.phase}, ${m.at})_`, '', m.text, '']),
    '## Proposals',
    '',
    ...(state.proposals.length === 0 ? ['None.', ''] : []),
    ...state.proposals.flatMap((p, i) => [
      `${i + 1}. ${p.text}`,
      ...Object.entries(p.votes).map(([voter, vote]) => `   - ${voter}: **${vote.choice}** — ${vote.reason}`),
    ]),
    '',
  ];
  if (state.decision) {
    const d = state.decision;
    lines.push(
      '## Decision',
      '',
      d.decision,
      '',
      `Decided by: ${d.decidedBy}${d.note ? ` (${d.note})` : ''}`,
      '',
      `Rationale: ${d.rationale}`,
      '',
      '### Dissent',
      '',
      ...(d.dissent.length === 0 ? ['None.'] : d.dissent.map((x) => `- ${x.slug}: ${x.reason}`)),
      '',
      '### Action items',
      '',
      ...(d.actionItems.length === 0 ? ['None.'] : d.actionItems.map((a) => `- [ ] ${a.item} — ${a.owner}`)),
      '',
    );
  }
  if (state.summary) lines.push('## Summary', '', state.summary, '');
  return lines.join('\n');
}
