import { call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { sleep, until } from '../support/until.js';

interface Discussion {
  id: string;
  state: string;
  phase: string;
  round: number;
  participants: { slug: string; speaksFirst: boolean }[];
  pendingQuestion: { questionId: string; askedBy: string; text: string } | null;
  proposals: {
    id: string;
    text: string;
    tally: { agree: number; disagree: number; abstain: number };
    votes: { voter: string; reason: string }[];
  }[];
  decision: {
    decision: string;
    decidedBy: string;
    dissent: { slug: string; reason: string }[];
    actionItems: { item: string; owner: string }[];
  } | null;
  summary: string | null;
}
interface Message {
  id: string;
  kind: string;
  by: { kind: string; slug: string | null };
  text: string;
  parentId: string | null;
  phase: string;
}

const PERSONAS = ['project-manager', 'technical-architect', 'creative-strategist', 'quality-assurance', 'resource-coordinator'];

/** A discussion end to end over HTTP with the offline model: the five personas, a question to the user, proposals, votes, the outcome. */
describe('discussions with the offline model', () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
  });
  afterAll(async () => {
    await subject.close();
  });

  async function api() {
    const tenant = await createTenant(subject.app);
    const key = tenant.keys.operator;
    const base = `${subject.url}/api/v1/discussions`;
    return {
      open: (body: object) => call(base, key, { method: 'POST', body }),
      get: (id: string) => json<Discussion>(call(`${base}/${id}`, key)),
      messages: async (id: string) => (await json<{ items: Message[] }>(call(`${base}/${id}/messages`, key))).items,
      post: (id: string, body: object) => call(`${base}/${id}/messages`, key, { method: 'POST', body }),
      action: (id: string, action: string, body: object = {}) => call(`${base}/${id}/${action}`, key, { method: 'POST', body }),
      raw: (path: string) => call(`${base}${path}`, key),
    };
  }

  it('runs from the goal to a decision: the first speaker asks the user, each persona speaks in its role, the vote carries with a recorded dissent', async () => {
    const client = await api();
    const goal = 'Choose how we roll out single sign-on to our internal tools this quarter';
    const opened = await client.open({ goal, speakerSelection: 'round_robin' });
    expect(opened.status).toBe(201);
    const discussion = (await opened.json()) as Discussion;
    expect(discussion.participants.map((p) => p.slug)).toEqual(PERSONAS);
    expect(discussion.state).toBe('running');

    const asked = await until(
      () => client.get(discussion.id),
      (d) => d.state === 'awaiting_user',
      'the first question to the user',
    );
    expect(asked.pendingQuestion).toMatchObject({ askedBy: 'project-manager' });
    expect(asked.pendingQuestion?.text).toContain('single sign-on');
    const answered = await client.post(discussion.id, {
      text: 'The deadline matters most: before the March audit.',
      inReplyTo: asked.pendingQuestion?.questionId,
    });
    expect(answered.status).toBe(201);
    // The same question cannot be answered twice.
    const again = await client.post(discussion.id, { text: 'Again', inReplyTo: asked.pendingQuestion?.questionId });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { type: string }).type).toMatch(/question-not-pending$/);

    const done = await until(
      () => client.get(discussion.id),
      (d) => d.state === 'completed',
      'the discussion to complete',
      30_000,
    );
    expect(done.phase).toBe('completed');
    expect(done.proposals.length).toBeGreaterThanOrEqual(1);
    expect(done.decision).not.toBeNull();
    expect(done.decision?.decidedBy).toBe('consensus');
    expect(done.decision?.dissent).toEqual([expect.objectContaining({ slug: 'quality-assurance' })]);
    expect(done.decision?.actionItems.length).toBe(5);
    expect(done.summary).toContain('single sign-on');

    const messages = await client.messages(discussion.id);
    const contributions = messages.filter((m) => m.kind === 'contribution');
    // Everyone spoke, in their own words, and later speakers refer to earlier ones.
    expect(new Set(contributions.map((m) => m.by.slug))).toEqual(new Set(PERSONAS));
    expect(new Set(contributions.map((m) => m.text)).size).toBe(contributions.length);
    expect(contributions.slice(1).every((m) => m.text.startsWith('Building on'))).toBe(true);
    // No agent speaks twice in a row.
    const speakers = messages.filter((m) => m.by.kind === 'agent' && m.kind !== 'question').map((m) => m.by.slug);
    expect(speakers.some((s, i) => i > 0 && s === speakers[i - 1])).toBe(false);
    // Votes cite the proposal; the answer threads under its question.
    const votes = messages.filter((m) => m.kind === 'vote');
    expect(votes).toHaveLength(5);
    expect(votes.every((m) => m.text.includes('proposal'))).toBe(true);
    const answer = messages.find((m) => m.kind === 'answer');
    expect(answer?.parentId).toBe(asked.pendingQuestion?.questionId);

    const markdown = await client.raw(`/${discussion.id}/export?format=markdown`);
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await markdown.text();
    expect(text).toContain(`# Discussion: ${goal}`);
    expect(text).toContain('## Decision');
    const exported = await json<{ discussion: Discussion; messages: Message[] }>(client.raw(`/${discussion.id}/export?format=json`));
    expect(exported.discussion).toEqual(done);
    expect(exported.messages).toEqual(messages);

    const closed = await client.post(discussion.id, { text: 'One more thing' });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { type: string }).type).toMatch(/discussion-over$/);
  }, 60_000);

  it('refuses unknown agents and 1 or 11 participants with their own problem types, appending nothing', async () => {
    const client = await api();
    // The personas are installed when a discussion with the defaults is opened.
    expect((await client.open({ goal: 'warm up', autoStart: false })).status).toBe(201);
    const unknown = await client.open({ goal: 'x', agents: ['project-manager', 'no-such-agent'] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ type: expect.stringMatching(/unknown-agent$/), slugs: ['no-such-agent'] });
    const one = await client.open({ goal: 'x', agents: ['project-manager'] });
    expect(one.status).toBe(422);
    expect(((await one.json()) as { type: string }).type).toMatch(/participant-count$/);
    const eleven = await client.open({ goal: 'x', agents: [...PERSONAS, ...PERSONAS, 'project-manager'] });
    expect(eleven.status).toBe(422);
    expect(((await eleven.json()) as { type: string }).type).toMatch(/participant-count$/);
    const list = await json<{ items: unknown[] }>(client.raw(''));
    expect(list.items).toHaveLength(1);
  });

  it('lets the model choose who speaks next (selector): the persona who speaks first opens, nobody speaks twice in a row, everyone speaks in each phase', async () => {
    const client = await api();
    const opened = (await (
      await client.open({ goal: 'Decide whether to move our CI to self-hosted runners', userQuestionTimeoutSeconds: 1 })
    ).json()) as Discussion;
    const done = await until(
      async () => {
        await sleep(100);
        return client.get(opened.id);
      },
      (d) => d.state === 'completed',
      'the discussion to complete',
      30_000,
    );
    expect(done.decision?.decidedBy).toBe('consensus');
    const messages = await client.messages(opened.id);
    // Unanswered within a second, the question's assumption was taken and the discussion went on.
    expect(messages.find((m) => m.kind === 'system' && m.text.startsWith('No answer in time'))?.text).toContain('deadline matters most');
    const contributions = messages.filter((m) => m.kind === 'contribution');
    expect(contributions[0].by.slug).toBe('project-manager');
    for (const phase of ['initialization', 'exploration']) {
      expect(new Set(contributions.filter((m) => m.phase === phase).map((m) => m.by.slug))).toEqual(new Set(PERSONAS));
    }
    const speakers = messages.filter((m) => m.by.kind === 'agent' && m.kind !== 'question').map((m) => m.by.slug);
    expect(speakers.some((s, i) => i > 0 && s === speakers[i - 1])).toBe(false);
    const timeline = await json<{ items: { type: string; data: { selection?: { by: string } } }[] }>(client.raw(`/${opened.id}/timeline`));
    expect(timeline.items.filter((e) => e.type === 'AgentSpoke').some((e) => e.data.selection?.by === 'selector')).toBe(true);
  }, 60_000);

  it('asks the user to break the tie when the rounds end without consensus, and records the user’s decision with the dissent', async () => {
    const client = await api();
    // Unanimity in one round: Quality Assurance's first-round objection blocks it.
    const opened = (await (
      await client.open({
        goal: 'Pick the logging stack for the new services',
        consensus: { rule: 'unanimity' },
        maxRounds: 1,
        speakerSelection: 'round_robin',
        userQuestionTimeoutSeconds: 1,
      })
    ).json()) as Discussion;
    const stuck = await until(
      async () => {
        await sleep(100);
        return client.get(opened.id);
      },
      (d) => d.state === 'needs_decision',
      'the tie',
      30_000,
    );
    const chosen = stuck.proposals[0];
    expect(chosen.tally).toMatchObject({ disagree: 1 });
    const decided = await client.action(opened.id, 'decide', {
      proposalId: chosen.id,
      note: 'Good enough to start; QA writes the criteria first',
    });
    expect(decided.status).toBe(200);
    const again = await client.action(opened.id, 'decide', { proposalId: chosen.id });
    expect(again.status).toBe(409);
    const done = await until(
      () => client.get(opened.id),
      (d) => d.state === 'completed',
      'the outcome',
      30_000,
    );
    expect(done.decision).toMatchObject({
      proposalId: chosen.id,
      decision: chosen.text,
      decidedBy: 'user',
      note: 'Good enough to start; QA writes the criteria first',
    });
    expect(done.decision?.dissent).toEqual([{ slug: 'quality-assurance', reason: expect.stringContaining('acceptance criteria') }]);
    const notes = (await client.messages(opened.id)).filter((m) => m.kind === 'system').map((m) => m.text);
    expect(notes.some((text) => text.startsWith('No proposal reached unanimity in 1 round(s)'))).toBe(true);
  }, 60_000);

  it('ranks the matching message first in search', async () => {
    const client = await api();
    // Not started: no agent quotes the messages below, so exactly the user's match.
    const opened = (await (await client.open({ goal: 'Pick a message queue for billing events', autoStart: false })).json()) as Discussion;
    await client.post(opened.id, { text: 'Retention comes up later, after the pilot' });
    await client.post(opened.id, { text: 'Kafka retention for the invoices topic must be seven years; invoices are audited' });
    await client.post(opened.id, { text: 'Nothing about that here' });
    const hits = await json<{ items: { messageId: string; text: string; highlight: string; rank: number }[] }>(
      client.raw('/search?q=invoices%20or%20retention'),
    );
    // Both mention a word; the one with both words (and one twice) ranks first; the others are not hits.
    expect(hits.items.map((h) => h.text)).toEqual([
      'Kafka retention for the invoices topic must be seven years; invoices are audited',
      'Retention comes up later, after the pilot',
    ]);
    expect(hits.items[0].rank).toBeGreaterThan(hits.items[1].rank);
    expect(hits.items[0].highlight).toContain('<mark>invoices</mark>');
    // Another organization's search finds none of it.
    const other = await api();
    expect((await json<{ items: unknown[] }>(other.raw('/search?q=invoices'))).items).toEqual([]);
  });
});
