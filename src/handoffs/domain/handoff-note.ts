import type { HandoffKind, HandoffPriority, HandoffSnapshot } from '../../branching/index.js';

/** The ticket note a handoff becomes in the PSA: internal, Markdown, every fact from the snapshot. Pure. */
export function handoffNote(handoff: { kind: HandoffKind; priority: HandoffPriority; notes: string; snapshot: HandoffSnapshot }): {
  title: string;
  body: string;
} {
  const { snapshot } = handoff;
  const verb = handoff.kind === 'park' ? 'Parked' : 'Escalated';
  const lines = [
    `**${verb}** (${handoff.priority} priority) after ${snapshot.stepCount} message(s).`,
    '',
    handoff.notes,
    '',
    '| Hypothesis | Status | Why |',
    '| --- | --- | --- |',
    ...snapshot.branches.map((branch) => `| ${cell(branch.label)} | ${branch.status} | ${cell(branch.reason ?? '')} |`),
  ];
  if (snapshot.activeBranch) lines.push('', `Active branch: **${snapshot.activeBranch.label}**`);
  if (snapshot.attachmentNames.length > 0) lines.push('', `Attachments: ${snapshot.attachmentNames.join(', ')}`);
  return { title: `${verb}: ${snapshot.problem}`.slice(0, 200), body: lines.join('\n') };
}

/** A table cell: pipes and line breaks would end it. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
