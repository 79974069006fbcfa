import type { Proposal } from './discussion.state.js';
import type { ConsensusRule, Tally, VoteChoice } from './discussion.types.js';

/**
 * The consensus rules, over the participants' votes on one proposal. Abstentions count towards
 * nothing but the quorum: more than half of the participants must take a side (agree or disagree).
 * Then majority: more agree than disagree; supermajority: agree ≥ threshold of those who took a
 * side; unanimity: nobody disagrees.
 */
export function tallyOf(votes: Readonly<Record<string, VoteChoice>>): Tally {
  const tally = { agree: 0, disagree: 0, abstain: 0 };
  for (const choice of Object.values(votes)) tally[choice]++;
  return tally;
}

export function meetsRule(tally: Tally, participants: number, consensus: ConsensusRule): boolean {
  const sided = tally.agree + tally.disagree;
  if (sided * 2 <= participants) return false;
  switch (consensus.rule) {
    case 'majority':
      return tally.agree > tally.disagree;
    case 'supermajority':
      return tally.agree >= consensus.threshold * sided - 1e-9;
    case 'unanimity':
      return tally.disagree === 0;
  }
}

/**
 * The proposal the round agreed on: among those meeting the rule, the most agreed, then the least
 * disagreed, then the earliest made. Undefined when none meets it.
 */
export function agreedProposal(
  proposals: readonly Proposal[],
  roundVotes: Readonly<Record<string, Record<string, VoteChoice>>>,
  participants: number,
  consensus: ConsensusRule,
): { proposal: Proposal; tally: Tally } | undefined {
  let best: { proposal: Proposal; tally: Tally } | undefined;
  for (const proposal of proposals) {
    const tally = tallyOf(roundVotes[proposal.id] ?? {});
    if (!meetsRule(tally, participants, consensus)) continue;
    if (!best || tally.agree > best.tally.agree || (tally.agree === best.tally.agree && tally.disagree < best.tally.disagree)) {
      best = { proposal, tally };
    }
  }
  return best;
}

/** True when the round's votes are the same as the previous round's: another round would change nothing. */
export function votesUnchanged(
  previous: Readonly<Record<string, Record<string, VoteChoice>>> | undefined,
  current: Readonly<Record<string, Record<string, VoteChoice>>>,
): boolean {
  if (!previous) return false;
  const ids = new Set([...Object.keys(previous), ...Object.keys(current)]);
  for (const id of ids) {
    const a = previous[id] ?? {};
    const b = current[id] ?? {};
    const voters = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const voter of voters) if (a[voter] !== b[voter]) return false;
  }
  return true;
}

export const DEFAULT_SUPERMAJORITY = 2 / 3;
