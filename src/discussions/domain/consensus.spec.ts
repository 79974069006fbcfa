import { DEFAULT_SUPERMAJORITY, agreedProposal, meetsRule, tallyOf, votesUnchanged } from './consensus.js';
import type { Proposal } from './discussion.state.js';
import type { ConsensusRule, Tally, VoteChoice } from './discussion.types.js';

const majority: ConsensusRule = { rule: 'majority', threshold: DEFAULT_SUPERMAJORITY };
const supermajority = (threshold = DEFAULT_SUPERMAJORITY): ConsensusRule => ({ rule: 'supermajority', threshold });
const unanimity: ConsensusRule = { rule: 'unanimity', threshold: DEFAULT_SUPERMAJORITY };
const tally = (agree: number, disagree: number, abstain = 0): Tally => ({ agree, disagree, abstain });
const proposal = (id: string, round = 1): Proposal => ({
  id,
  messageId: `m-${id}`,
  by: { kind: 'agent', slug: 'ada' },
  text: `Proposal ${id}`,
  round,
  votes: {},
});
/** Votes for one proposal from choices in voter order: 'a' agree, 'd' disagree, '-' abstain. */
const ballots = (choices: string): Record<string, VoteChoice> => {
  const of: Record<string, VoteChoice> = { a: 'agree', d: 'disagree', '-': 'abstain' };
  return Object.fromEntries([...choices].map((c, i) => [`v${i}`, of[c]]));
};

describe('consensus rules', () => {
  describe('tallyOf', () => {
    it('counts nothing when nobody voted', () => {
      expect(tallyOf({})).toEqual(tally(0, 0, 0));
    });

    it('counts each voter’s choice once', () => {
      expect(tallyOf({ ada: 'agree', bo: 'disagree', cy: 'agree', dee: 'abstain' })).toEqual(tally(2, 1, 1));
    });
  });

  describe('meetsRule: the quorum (more than half of the participants take a side)', () => {
    it.each([
      [3, tally(2, 0, 1), true],
      [3, tally(1, 0, 2), false],
      [4, tally(2, 0, 2), false],
      [4, tally(3, 0, 1), true],
      [5, tally(3, 0, 2), true],
      [5, tally(2, 0, 3), false],
      [10, tally(5, 0, 5), false],
      [10, tally(6, 0, 4), true],
    ])('of %i participants, %o meets unanimity: %s', (participants, votes, meets) => {
      expect(meetsRule(votes, participants, unanimity)).toBe(meets);
    });

    it.each([majority, supermajority(), unanimity])('nobody voting meets no rule ($rule)', (rule) => {
      expect(meetsRule(tally(0, 0, 3), 3, rule)).toBe(false);
    });

    it('abstentions count towards nothing but the quorum', () => {
      expect(meetsRule(tally(2, 1, 0), 3, majority)).toBe(meetsRule(tally(2, 1, 7), 3, majority));
    });
  });

  describe('meetsRule: majority (more agree than disagree)', () => {
    it.each([
      [tally(2, 1), true],
      [tally(3, 0), true],
      [tally(2, 2), false],
      [tally(1, 2), false],
    ])('%o of 4 or fewer: %s', (votes, meets) => {
      expect(meetsRule(votes, votes.agree + votes.disagree, majority)).toBe(meets);
    });
  });

  describe('meetsRule: supermajority (agree ≥ threshold of those who took a side)', () => {
    it(`defaults to 2/3`, () => {
      expect(DEFAULT_SUPERMAJORITY).toBeCloseTo(2 / 3, 12);
    });

    it.each([
      [DEFAULT_SUPERMAJORITY, tally(2, 1), true],
      [DEFAULT_SUPERMAJORITY, tally(4, 2), true],
      [DEFAULT_SUPERMAJORITY, tally(6, 3), true],
      [DEFAULT_SUPERMAJORITY, tally(3, 2), false],
      [DEFAULT_SUPERMAJORITY, tally(1, 1), false],
      [0.75, tally(3, 1), true],
      [0.75, tally(2, 1), false],
      [0.75, tally(5, 2), false],
      [0.6, tally(3, 2), true],
      [0.6, tally(5, 4), false],
      [1, tally(4, 0), true],
      [1, tally(9, 1), false],
      [0.5, tally(1, 1), true],
    ])('threshold %d, %o: %s (exact boundaries count)', (threshold, votes, meets) => {
      const sided = votes.agree + votes.disagree;
      expect(meetsRule(votes, sided, supermajority(threshold))).toBe(meets);
    });

    it('still needs the quorum', () => {
      expect(meetsRule(tally(2, 0, 2), 4, supermajority())).toBe(false);
    });
  });

  describe('meetsRule: unanimity (nobody disagrees)', () => {
    it.each([
      [tally(3, 0), true],
      [tally(2, 0, 1), true],
      [tally(3, 1), false],
    ])('%o of the participants: %s', (votes, meets) => {
      expect(meetsRule(votes, votes.agree + votes.disagree + votes.abstain, unanimity)).toBe(meets);
    });
  });

  describe('agreedProposal', () => {
    const [p1, p2, p3] = [proposal('p1'), proposal('p2'), proposal('p3')];

    it('is undefined when no proposal meets the rule', () => {
      expect(agreedProposal([p1, p2], { p1: ballots('ad-'), p2: ballots('---') }, 3, majority)).toBeUndefined();
    });

    it('is undefined when nobody voted', () => {
      expect(agreedProposal([p1], {}, 3, majority)).toBeUndefined();
    });

    it('is the one proposal that meets the rule, with its tally', () => {
      expect(agreedProposal([p1, p2], { p1: ballots('ad-'), p2: ballots('aad') }, 3, majority)).toEqual({
        proposal: p2,
        tally: tally(2, 1, 0),
      });
    });

    it('prefers the most agree among those that meet the rule', () => {
      expect(agreedProposal([p1, p2], { p1: ballots('aad-'), p2: ballots('aaa-') }, 4, majority)?.proposal.id).toBe('p2');
    });

    it('on equal agree, prefers the fewest disagree', () => {
      expect(agreedProposal([p1, p2], { p1: ballots('aaad-'), p2: ballots('aaa--') }, 5, majority)?.proposal.id).toBe('p2');
    });

    it('on equal agree and disagree, prefers the earliest made', () => {
      expect(agreedProposal([p1, p2, p3], { p1: ballots('ad-'), p2: ballots('aad'), p3: ballots('ada') }, 3, majority)?.proposal.id).toBe(
        'p2',
      );
      expect(agreedProposal([p3, p2], { p2: ballots('aad'), p3: ballots('ada') }, 3, majority)?.proposal.id).toBe('p3');
    });

    it('a proposal that does not meet the rule never wins, however many agree', () => {
      expect(agreedProposal([p1, p2], { p1: ballots('aaad'), p2: ballots('aa--') }, 4, unanimity)).toBeUndefined();
      expect(agreedProposal([p1, p2], { p1: ballots('aaad-'), p2: ballots('aaa--') }, 5, unanimity)?.proposal.id).toBe('p2');
    });
  });

  describe('votesUnchanged', () => {
    const round = { p1: { ada: 'agree', bo: 'disagree' }, p2: { ada: 'abstain' } } as const;

    it('is false in the first round (nothing to compare with)', () => {
      expect(votesUnchanged(undefined, round)).toBe(false);
      expect(votesUnchanged(undefined, {})).toBe(false);
    });

    it('is true when every voter chose the same on every proposal', () => {
      expect(votesUnchanged(round, { p2: { ada: 'abstain' }, p1: { bo: 'disagree', ada: 'agree' } })).toBe(true);
      expect(votesUnchanged({}, {})).toBe(true);
    });

    it('is false when one voter changed their mind', () => {
      expect(votesUnchanged(round, { ...round, p1: { ada: 'agree', bo: 'abstain' } })).toBe(false);
    });

    it('is false when someone voted who had not, or no longer votes', () => {
      expect(votesUnchanged(round, { ...round, p2: { ada: 'abstain', bo: 'agree' } })).toBe(false);
      expect(votesUnchanged(round, { ...round, p2: {} })).toBe(false);
    });

    it('is false when a proposal is new in this round', () => {
      expect(votesUnchanged(round, { ...round, p3: { ada: 'agree' } })).toBe(false);
    });
  });
});
