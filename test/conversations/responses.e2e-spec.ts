import pg from 'pg';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call, json } from '../support/tenant.js';
import { type ConversationSquad, ask, conversationSquad, getConversation, sleep, timelineOf, until } from './support/conversation-squad.js';

/** Timeouts here: 1 s of settings = 20 ms, so first 300 ms, follow-up 200 ms. */
describe('answering, passing on, running out', () => {
  let subject: TestApp;
  let squad: ConversationSquad;
  let db: pg.Client;

  beforeAll(async () => {
    subject = await startTestApp({ DEADLINE_POLL_MS: '20', INTERACTION_SECOND_MS: '20', DEMO_ORGANIZATION: 'false' });
    squad = await conversationSquad(subject.app, subject.url);
    db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await subject.close();
  });

  const post = (id: string, action: 'answer' | 'cant-help', key: string, body: Record<string, unknown>) =>
    call(`${subject.url}/api/v1/conversations/${id}/${action}`, key, { method: 'POST', body });

  it('can’t help to a named member routes the question to them; without one it escalates; past the last level it is unanswered', async () => {
    const [lead, architect, manager] = squad.levels;
    const asked = await ask(subject.url, squad);
    const referred = await post(asked.id, 'cant-help', lead.key, { reason: 'Ask security', referToMemberId: squad.expert.id });
    expect(referred.status).toBe(200);
    expect(await referred.json()).toMatchObject({
      state: 'initiated',
      level: 0,
      round: 2,
      currentResponders: [{ memberId: squad.expert.id }],
    });

    const passed = await json(post(asked.id, 'cant-help', squad.expert.key, { reason: 'Not mine either' }));
    expect(passed).toMatchObject({ state: 'escalated', level: 1, currentResponders: [{ memberId: architect.id }] });
    await json(post(asked.id, 'cant-help', architect.key, {}));
    const last = await json(post(asked.id, 'cant-help', manager.key, { reason: 'Nobody knows' }));
    expect(last).toMatchObject({ state: 'unanswered', currentResponders: [] });
    // Acknowledgements come from the responders' side in between, as fast as the poller; left out here.
    const types = (await timelineOf(subject.url, squad.adminKey, asked.id)).items
      .map((entry) => entry.type)
      .filter((type) => type !== 'QuestionAcknowledged');
    expect(types).toEqual([
      'QuestionAsked',
      'QuestionRouted',
      'CantHelpSaid',
      'QuestionRouted',
      'CantHelpSaid',
      'QuestionEscalated',
      'CantHelpSaid',
      'QuestionEscalated',
      'CantHelpSaid',
      'ChainExhausted',
    ]);

    // Raised for people: anyone in the squad but the asker can still answer it.
    expect((await post(asked.id, 'answer', squad.asker.key, { text: 'me' })).status).toBe(422);
    expect(await json(post(asked.id, 'answer', lead.key, { text: 'Found it: billing.' }))).toMatchObject({ state: 'answered' });
  });

  it('refuses can’t-help from someone the question does not wait on, and a referral to the asker', async () => {
    const [lead, architect] = squad.levels;
    const asked = await ask(subject.url, squad);
    const notCurrent = await post(asked.id, 'cant-help', architect.key, {});
    expect(notCurrent.status).toBe(422);
    expect(await notCurrent.json()).toMatchObject({ code: 'not_current_responder' });
    const toAsker = await post(asked.id, 'cant-help', lead.key, { referToMemberId: squad.asker.id });
    expect(await toAsker.json()).toMatchObject({ status: 422, code: 'invalid_referral' });
    const answered = await post(asked.id, 'answer', lead.key, { text: 'Billing.' });
    expect(answered.status).toBe(200);
    const again = await post(asked.id, 'answer', lead.key, { text: 'Billing, again.' });
    expect(await again.json()).toMatchObject({ status: 422, code: 'conversation_closed' });
  });

  it('with nobody answering, the chain runs out: unanswered after three rounds of timeouts', async () => {
    const asked = await ask(subject.url, squad);
    const done = await until(
      () => getConversation(subject.url, squad.adminKey, asked.id),
      (conversation) => conversation.state === 'unanswered',
      'the exhausted chain',
    );
    expect(done.level).toBe(2);
    const types = (await timelineOf(subject.url, squad.adminKey, asked.id)).items.map((entry) => entry.type);
    expect(types.filter((type) => type === 'FollowUpSent')).toHaveLength(3);
    expect(types.filter((type) => type === 'QuestionEscalated')).toHaveLength(2);
    expect(types.at(-1)).toBe('ChainExhausted');
    const list = await json<{ items: { id: string }[] }>(
      call(`${subject.url}/api/v1/conversations?squadId=${squad.squadId}&state=unanswered`, squad.adminKey),
    );
    expect(list.items.map((item) => item.id)).toContain(asked.id);
  });

  it('an answer at the same moment as the timeout: exactly one outcome, never an escalation after the answer', async () => {
    const [lead] = squad.levels;
    const outcomes: string[] = [];
    for (let run = 0; run < 6; run++) {
      const asked = await ask(subject.url, squad, `race ${run}`);
      const waiting = await until(
        () => timelineOf(subject.url, squad.adminKey, asked.id),
        (timeline) => timeline.items.some((entry) => entry.type === 'FollowUpSent'),
        'the follow-up',
      );
      const dueAt = Date.parse(String(waiting.items.find((entry) => entry.type === 'FollowUpSent')!.data.timeoutAt));
      // Aim the answer at the follow-up timeout's due time, a little before or after it.
      await sleep(Math.max(0, dueAt - Date.now() + (run % 3) * 10 - 10));
      const response = await post(asked.id, 'answer', lead.key, { text: 'Billing.' });
      expect(response.status).toBe(200);
      await sleep(600);
      const types = (await timelineOf(subject.url, squad.adminKey, asked.id)).items.map((entry) => entry.type);
      const answeredAt = types.indexOf('QuestionAnswered');
      expect(types.filter((type) => type === 'QuestionAnswered')).toHaveLength(1);
      expect(types.slice(answeredAt + 1)).toEqual([]);
      expect(types.filter((type) => type === 'QuestionEscalated').length).toBeLessThanOrEqual(1);
      outcomes.push(types.includes('QuestionEscalated') ? 'escalated, then answered' : 'answered');
    }
    // Each run ends answered; whether the escalation slipped in first depends on the race.
    expect(outcomes).toHaveLength(6);
    const [{ n }] = (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM deadlines d JOIN conversations c ON d.key LIKE 'conversation:' || c.id || ':timeout:%'
          WHERE c.state = 'answered' AND d.status = 'pending'`,
      )
    ).rows;
    expect(Number(n)).toBe(0); // an answer cancels the timeouts of its round
  });

  it('lists conversations filtered and cursor-paginated, oldest first', async () => {
    // A squad of its own, so the other tests' questions do not count.
    const listed = await conversationSquad(subject.app, subject.url, { firstTimeoutSeconds: 600, followUpTimeoutSeconds: 600 });
    const first = await ask(subject.url, listed, 'First question');
    const second = await ask(subject.url, listed, 'Second question');
    const security = await ask(subject.url, listed, 'A security question', 'security');
    const page1 = await json<{ items: { id: string; questionType: string }[]; nextCursor: string | null }>(
      call(`${subject.url}/api/v1/conversations?squadId=${listed.squadId}&limit=2`, listed.adminKey),
    );
    expect(page1.items.map((item) => item.id)).toEqual([first.id, second.id]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await json<{ items: { id: string }[]; nextCursor: string | null }>(
      call(`${subject.url}/api/v1/conversations?squadId=${listed.squadId}&limit=2&cursor=${page1.nextCursor}`, listed.adminKey),
    );
    expect(page2).toMatchObject({ items: [{ id: security.id }], nextCursor: null });
    const filtered = await json<{ items: { id: string }[] }>(call(`${subject.url}/api/v1/conversations?type=security`, listed.adminKey));
    expect(filtered.items.map((item) => item.id)).toEqual([security.id]);
  });
});
