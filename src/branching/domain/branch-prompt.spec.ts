import {
  attachmentSection,
  type BranchPromptInput,
  type PromptTurn,
  buildBranchPrompt,
  estimateTokens,
  orderSiblings,
} from './branch-prompt.js';

const input = (over: Partial<BranchPromptInput> = {}): BranchPromptInput => ({
  problem: 'Outlook cannot reach the mail server',
  domain: 'email',
  branch: { label: 'DNS', description: 'The MX record is stale', status: 'active' },
  history: [
    { role: 'user', text: 'Outlook says the server is unreachable', inherited: true },
    { role: 'assistant', text: 'Does webmail work?', inherited: true },
    { role: 'user', text: 'dig MX returns the old host', inherited: false },
  ],
  siblings: [],
  revival: null,
  attachments: [],
  newMessage: 'What next?',
  budgetTokens: 10_000,
  ...over,
});

describe('branch prompt', () => {
  it('sends the problem and the branch hypothesis first, the history in order, and the new message last', () => {
    const prompt = buildBranchPrompt(input());
    expect(prompt[0].role).toBe('system');
    expect(prompt[0].content).toContain('Outlook cannot reach the mail server');
    expect(prompt[0].content).toContain('DNS: The MX record is stale');
    expect(prompt.slice(1)).toEqual([
      { role: 'user', content: 'Outlook says the server is unreachable' },
      { role: 'assistant', content: 'Does webmail work?' },
      { role: 'user', content: 'dig MX returns the old host' },
      { role: 'user', content: 'What next?' },
    ]);
  });

  it('orders the other branches active, untried, revived, dead ends (with why), solved', () => {
    const siblings = [
      { label: 'Solved one', status: 'solved' as const, statusReason: 'Opened 587', summary: null },
      { label: 'Dead one', status: 'dead_end' as const, statusReason: 'Firewall allows 587', summary: null },
      { label: 'Revived one', status: 'revived' as const, statusReason: null, summary: null },
      { label: 'Untried one', status: 'untried' as const, statusReason: null, summary: null },
      {
        label: 'Active one',
        status: 'active' as const,
        statusReason: null,
        summary: { tried: ['ping'], concluded: 'Host is up', artifacts: [] },
      },
    ];
    expect(orderSiblings(siblings).map((s) => s.label)).toEqual(['Active one', 'Untried one', 'Revived one', 'Dead one', 'Solved one']);
    const system = buildBranchPrompt(input({ siblings }))[0].content;
    const at = (label: string) => system.indexOf(label);
    expect(at('Active one')).toBeLessThan(at('Untried one'));
    expect(at('Untried one')).toBeLessThan(at('Revived one'));
    expect(at('Revived one')).toBeLessThan(at('Dead one'));
    expect(at('Dead one')).toBeLessThan(at('Solved one'));
    expect(system).toContain('- Dead one [dead end]; ruled out: Firewall allows 587');
    expect(system).toContain('tried: ping; concluded: Host is up');
  });

  it('carries the revival evidence and its source branch', () => {
    const system = buildBranchPrompt(input({ revival: { evidence: 'Port 53 is blocked too', fromLabel: 'Firewall' } }))[0].content;
    expect(system).toContain('## Revival evidence');
    expect(system).toContain('evidence from "Firewall": Port 53 is blocked too');
    expect(buildBranchPrompt(input())[0].content).not.toContain('Revival evidence');
  });

  it('marks a revival note in the history as a note', () => {
    const history: PromptTurn[] = [{ role: 'system', text: 'Branch revived with evidence', inherited: false }];
    expect(buildBranchPrompt(input({ history }))[1]).toEqual({ role: 'system', content: '[Note] Branch revived with evidence' });
  });

  it('cites knowledge-base articles by id, best first, and asks the model to cite the id it uses', () => {
    const articles = [
      { id: 'a1', title: 'Stale MX records', excerpt: 'Lower the TTL before moving mail.' },
      { id: 'a2', title: 'Outlook offline', excerpt: 'x'.repeat(400) },
    ];
    const system = buildBranchPrompt(input({ articles }))[0].content;
    const section = system.slice(system.indexOf('## Knowledge base'));
    expect(section).toContain('cite its id as written, e.g. [kb:a1]');
    expect(section).toContain('- [kb:a1] Stale MX records — Lower the TTL before moving mail.');
    expect(section.indexOf('[kb:a1] Stale')).toBeLessThan(section.indexOf('[kb:a2]'));
    expect(section).toContain(`- [kb:a2] Outlook offline — ${'x'.repeat(297)}...`);
    expect(buildBranchPrompt(input({ articles: [] }))[0].content).not.toContain('## Knowledge base');
    expect(buildBranchPrompt(input())[0].content).not.toContain('## Knowledge base');
  });

  it('includes attachment texts with their names and types', () => {
    const attachments = [{ fileName: 'mail.log', contentType: 'text/plain', text: 'SMTP 421 timeout' }];
    const system = buildBranchPrompt(input({ attachments }))[0].content;
    expect(system).toContain('### mail.log (text/plain)\nSMTP 421 timeout');
  });

  describe('attachments within the budget', () => {
    const file = (name: string, chars: number) => ({ fileName: name, contentType: 'text/plain', text: `${name}:${'x'.repeat(chars)}` });

    it('shows every attachment in full when they fit in their share of the budget', () => {
      const section = attachmentSection([file('a.log', 100), file('b.log', 100)], 1_000);
      expect(section).toContain('### a.log (text/plain)\na.log:');
      expect(section).toContain('### b.log (text/plain)\nb.log:');
      expect(section).not.toContain('Not shown');
    });

    it('keeps the newest in full and names the older ones that do not fit', () => {
      const section = attachmentSection([file('old.log', 2_000), file('mid.log', 2_000), file('new.log', 2_000)], 700);
      expect(section).toContain(`### new.log (text/plain)\nnew.log:${'x'.repeat(2_000)}`);
      expect(section).toContain('Not shown, to stay within the prompt budget: old.log (text/plain), mid.log (text/plain).');
      expect(section).not.toContain('old.log:');
      expect(estimateTokens(section)).toBeLessThanOrEqual(700 + 40);
    });

    it('cuts the newest one, marked, when it alone is over the share', () => {
      const section = attachmentSection([file('huge.log', 40_000)], 1_000);
      expect(section).toContain('[… cut here to stay within the prompt budget]');
      expect(estimateTokens(section)).toBeLessThanOrEqual(1_000 + 10);
    });

    it('keeps the whole prompt within the budget with ten long attachments', () => {
      const attachments = Array.from({ length: 10 }, (_, i) => file(`f${i}.log`, 8_000));
      const prompt = buildBranchPrompt(input({ attachments, budgetTokens: 6_000 }));
      expect(prompt.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0)).toBeLessThanOrEqual(6_000);
      expect(prompt[0].content).toContain('f9.log:');
      expect(prompt[0].content).toContain('f0.log (text/plain)');
    });
  });

  describe('budget', () => {
    const long: PromptTurn[] = Array.from({ length: 200 }, (_, i) => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      text: `Turn ${i}: ${'checked something at length '.repeat(8)}`,
      inherited: i < 100,
    }));
    const budgetTokens = 2_000;

    it('stays within the budget by condensing the oldest turns, keeping the newest verbatim', () => {
      const prompt = buildBranchPrompt(input({ history: long, budgetTokens }));
      const tokens = prompt.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
      expect(tokens).toBeLessThanOrEqual(budgetTokens);
      expect(prompt[prompt.length - 1]).toEqual({ role: 'user', content: 'What next?' });
      expect(prompt[prompt.length - 2].content).toBe(long[199].text);
      expect(prompt[1].role).toBe('system');
    });

    it('never cuts silently: the summary counts every turn it stands for', () => {
      const prompt = buildBranchPrompt(input({ history: long, budgetTokens }));
      const verbatim = prompt.length - 3;
      const summary = prompt[1].content;
      expect(summary).toContain(`(${200 - verbatim} older turns condensed`);
      const condensedLines = summary.split('\n').length - 1;
      const counted = summary.match(/the (\d+) oldest are only counted/);
      expect(condensedLines + Number(counted?.[1] ?? 0)).toBe(200 - verbatim);
    });

    it('does not summarize a history that fits', () => {
      expect(buildBranchPrompt(input()).some((m) => m.content.includes('Earlier in this branch'))).toBe(false);
    });
  });
});
