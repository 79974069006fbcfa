import { discussionOutcome, discussionTurn, discussionVote } from './offline-discussion.js';

const prompt = (speaker: string, phase: string, conversation: string[] = [], proposals: string[] = [], round = 0) =>
  [
    'Goal: Choose a logging stack',
    `Phase: ${phase}`,
    `Round: ${round} of 3`,
    `Speaker: ${speaker}`,
    'Participant: Project Manager (project_manager)',
    'Participant: Quality Assurance (quality_assurance)',
    `Questions to the user so far: 0`,
    ...proposals,
    'Conversation:',
    ...conversation,
  ].join('\n');

describe('the offline model in a discussion', () => {
  it('asks the user one question when it opens the discussion, and only then', () => {
    const first = discussionTurn(prompt('Project Manager (project_manager)', 'initialization'));
    expect(first.question).toMatchObject({ text: expect.stringContaining('Choose a logging stack') });
    const second = discussionTurn(
      prompt('Quality Assurance (quality_assurance)', 'initialization', ['Project Manager (project_manager): Scope first.']),
    );
    expect(second.question).toBeNull();
  });

  it('speaks in its role and builds on the last point someone else made, not on the moderator’s notes', () => {
    const said = [
      'Project Manager (project_manager): Building on User\'s point ("x"): My first take, as Project Manager: Scope first, then owners.',
      'Moderator (system): The initialization is done.',
    ];
    const qa = discussionTurn(prompt('Quality Assurance (quality_assurance)', 'exploration', said)).message as string;
    const pm = discussionTurn(
      prompt('Project Manager (project_manager)', 'exploration', ['Quality Assurance (quality_assurance): Tests first.']),
    ).message as string;
    expect(qa).toMatch(/^Building on Project Manager's point \("Scope first, then owners"\): /);
    expect(qa).toContain('Acceptance criteria');
    expect(pm).toContain('scope');
    expect(qa).not.toEqual(pm);
  });

  it('proposes in exploration while fewer than two proposals exist', () => {
    expect(discussionTurn(prompt('Project Manager (project_manager)', 'exploration')).proposal).toEqual(
      expect.stringContaining('milestones'),
    );
    const two = ['Proposal [p1] (by a): One', 'Proposal [p2] (by b): Two'];
    expect(discussionTurn(prompt('Project Manager (project_manager)', 'exploration', [], two)).proposal).toBeNull();
  });

  it('votes for the proposal closest to the goal, citing it; QA objects in round 1 only', () => {
    const proposals = [
      'Proposal [p1] (by a): Buy a support contract',
      'Proposal [p2] (by b): Pick the logging stack the platform team runs',
    ];
    const pm = discussionVote(prompt('Project Manager (project_manager)', 'consensus', [], proposals, 1));
    expect(pm.votes).toEqual([
      { proposalId: 'p1', choice: 'disagree', reason: expect.stringContaining('Buy a support contract') },
      { proposalId: 'p2', choice: 'agree', reason: expect.stringContaining('Pick the logging stack') },
    ]);
    const qaFirst = discussionVote(prompt('Quality Assurance (quality_assurance)', 'consensus', [], proposals, 1)).votes as {
      choice: string;
    }[];
    const qaLater = discussionVote(prompt('Quality Assurance (quality_assurance)', 'consensus', [], proposals, 2)).votes as {
      choice: string;
    }[];
    expect(qaFirst[1].choice).toBe('disagree');
    expect(qaLater[1].choice).toBe('agree');
  });

  it('writes an outcome with one action item per participant, owned by that participant', () => {
    const outcome = discussionOutcome(['Decision: Use the platform team’s stack', prompt('x (y)', 'consensus')].join('\n'));
    expect(outcome.summary).toContain('Use the platform team’s stack');
    expect((outcome.actionItems as { owner: string }[]).map((a) => a.owner)).toEqual(['Project Manager', 'Quality Assurance']);
  });
});
