import { randomUUID } from 'node:crypto';
import {
  AnswerQuestionCommand,
  AskQuestionCommand,
  type ConversationView,
  GetConversationQuery,
  GetConversationStatisticsQuery,
  GetConversationTimelineQuery,
  GetMemberInboxQuery,
  ListConversationsQuery,
  SayCantHelpCommand,
} from '../../src/conversations/index.js';
import { NotFoundError } from '../../src/platform/decider/decider.js';
import { ChangeInteractionSettingsCommand, GetRoutingStatisticsQuery } from '../../src/routing/index.js';
import { until } from '../support/until.js';
import { type ConversationsTestbed, type TestbedSquad, startConversationsTestbed } from './support/conversations-testbed.js';

/**
 * The medium tier of conversations: the real handlers, projections, deadlines and Postgres through
 * the command and query buses, no HTTP. 1 second of interaction settings lasts 50 ms here (timeouts of 10 s: half a second).
 */
describe('conversations against Postgres', () => {
  let bed: ConversationsTestbed;

  beforeAll(async () => {
    bed = await startConversationsTestbed();
  });
  afterAll(() => bed.close());

  const ask = (squad: TestbedSquad, text: string) =>
    bed.commands.execute(
      new AskQuestionCommand(squad.context(), squad.squadId, squad.askerId, 'default', text, randomUUID(), randomUUID()),
    );
  const answer = (squad: TestbedSquad, conversationId: string, memberId: string, text = 'Here is how.') =>
    bed.commands.execute(new AnswerQuestionCommand(squad.context(), conversationId, memberId, text, null, randomUUID()));
  const view = (squad: TestbedSquad, conversationId: string) =>
    bed.queries.execute(new GetConversationQuery(squad.tenantId, conversationId));
  /** Questions asked from now on time out after 10 s (half a second here); earlier ones keep their timing. */
  const shortenTimeouts = (squad: TestbedSquad) =>
    bed.commands.execute(
      new ChangeInteractionSettingsCommand(squad.context(), squad.squadId, { firstTimeoutSeconds: 10, followUpTimeoutSeconds: 10 }),
    );
  const untilState = (squad: TestbedSquad, conversationId: string, done: (conversation: ConversationView) => boolean, what: string) =>
    until(() => view(squad, conversationId), done, what);

  it('routes a question to level 0 and closes it with the answer: thread, list, inbox and statistics agree', async () => {
    const squad = await bed.squad();
    const asked = await ask(squad, 'Who owns invoice numbering?');
    expect(asked.conversation).toMatchObject({ state: 'initiated', level: 0, round: 1 });
    expect(asked.conversation.currentResponders.map((responder) => responder.memberId)).toEqual([squad.levels[0]]);
    // A person's acknowledgement is sent by a deadline of its own, just after the question is routed.
    await untilState(squad, asked.conversation.id, (c) => c.state === 'waiting', 'the acknowledgement');

    const inbox = await bed.queries.execute(new GetMemberInboxQuery(squad.tenantId, squad.levels[0], { after: 0, limit: 10 }));
    expect(inbox.map((entry) => entry.view.id)).toEqual([asked.conversation.id]);

    const answered = await answer(squad, asked.conversation.id, squad.levels[0]);
    expect(answered.conversation.state).toBe('answered');
    expect(answered.conversation.messages.map((message) => message.kind)).toEqual(['question', 'acknowledgement', 'answer']);
    expect(await bed.queries.execute(new GetMemberInboxQuery(squad.tenantId, squad.levels[0], { after: 0, limit: 10 }))).toEqual([]);
    const listed = await bed.queries.execute(
      new ListConversationsQuery(squad.tenantId, { squadId: squad.squadId, state: 'answered' }, { after: 0, limit: 10 }),
    );
    expect(listed.map((entry) => entry.view)).toMatchObject([{ id: asked.conversation.id, state: 'answered', escalations: 0 }]);

    const statistics = await bed.queries.execute(new GetConversationStatisticsQuery(squad.tenantId, squad.squadId));
    expect(statistics).toMatchObject({ total: 1, byState: { answered: 1, waiting: 0 }, timeToAnswer: { count: 1 } });
  });

  it('follows up, escalates to the next level when nobody answers, and the timeline says so in order', async () => {
    const squad = await bed.squad({ firstTimeoutSeconds: 10, followUpTimeoutSeconds: 10 });
    const asked = await ask(squad, 'Can we move the release?');
    const escalated = await untilState(
      squad,
      asked.conversation.id,
      (c) => c.level === 1 && c.state === 'waiting',
      'level 1 acknowledging',
    );
    expect(escalated.currentResponders.map((responder) => responder.memberId)).toEqual([squad.levels[1]]);
    await answer(squad, asked.conversation.id, squad.levels[1]);

    const timeline = await bed.queries.execute(new GetConversationTimelineQuery(squad.tenantId, asked.conversation.id));
    expect(timeline.map((entry) => entry.type)).toEqual([
      'QuestionAsked',
      'QuestionRouted',
      'QuestionAcknowledged',
      'FollowUpSent',
      'QuestionEscalated',
      'QuestionAcknowledged',
      'QuestionAnswered',
    ]);
  });

  it("counts each rule's uses and escalations away from the rounds: once per hand-over", async () => {
    const squad = await bed.squad();
    const quick = await ask(squad, 'Quick one');
    await answer(squad, quick.conversation.id, squad.levels[0]);
    await shortenTimeouts(squad);
    const slow = await ask(squad, 'Slow one');
    await untilState(squad, slow.conversation.id, (c) => c.level === 1 && c.state === 'waiting', 'level 1 acknowledging');
    await answer(squad, slow.conversation.id, squad.levels[1]);
    await bed.catchUp();

    const chain = (await view(squad, quick.conversation.id)).chain;
    const statistics = await bed.queries.execute(new GetRoutingStatisticsQuery(squad.tenantId, squad.squadId));
    expect(statistics.rules.map(({ lastUsedAt, ...counts }) => ({ ...counts, used: lastUsedAt !== null }))).toEqual([
      { ruleId: chain[0].ruleId, level: 0, timesUsed: 2, timesEscalatedAway: 1, used: true },
      { ruleId: chain[1].ruleId, level: 1, timesUsed: 1, timesEscalatedAway: 0, used: true },
    ]);
    expect(statistics.levels).toEqual([
      { level: 0, timesReached: 2, timesEscalatedAway: 1 },
      { level: 1, timesReached: 1, timesEscalatedAway: 0 },
    ]);
    // Replaying the rounds must not count a hand-over twice.
    await bed.rebuilder.rebuild('conversation_rounds');
    expect(await bed.queries.execute(new GetRoutingStatisticsQuery(squad.tenantId, squad.squadId))).toEqual(statistics);
  });

  it('hands a question over to the member a responder refers it to', async () => {
    const squad = await bed.squad();
    const asked = await ask(squad, 'Is this token leak serious?');
    const referred = await bed.commands.execute(
      new SayCantHelpCommand(
        squad.context(),
        asked.conversation.id,
        squad.levels[0],
        'security question',
        squad.expertId,
        randomUUID(),
        randomUUID(),
      ),
    );
    expect(referred.conversation.currentResponders.map((responder) => responder.memberId)).toEqual([squad.expertId]);
    expect(referred.conversation.round).toBe(2);
    await answer(squad, asked.conversation.id, squad.expertId);
    expect((await view(squad, asked.conversation.id)).state).toBe('answered');
  });

  it("never shows or changes another organization's conversation", async () => {
    const owner = await bed.squad();
    const stranger = await bed.squad();
    const asked = await ask(owner, 'Private question');
    await untilState(owner, asked.conversation.id, (c) => c.state === 'waiting', 'the acknowledgement');
    await expect(view(stranger, asked.conversation.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(answer(stranger, asked.conversation.id, stranger.levels[0])).rejects.toBeInstanceOf(NotFoundError);
    expect((await view(owner, asked.conversation.id)).state).toBe('waiting');
  });

  it('rebuilds every conversations read model to exactly the live rows, twice over', async () => {
    const squad = await bed.squad();
    const answeredAtOnce = await ask(squad, 'First');
    await answer(squad, answeredAtOnce.conversation.id, squad.levels[0]);
    await shortenTimeouts(squad);
    const escalated = await ask(squad, 'Second');
    await untilState(squad, escalated.conversation.id, (c) => c.level === 1 && c.state === 'waiting', 'level 1 acknowledging');
    await answer(squad, escalated.conversation.id, squad.levels[1]);
    // A question still open keeps a pending deadline; long timeouts, so none fires while the snapshots are taken.
    await bed.commands.execute(new ChangeInteractionSettingsCommand(squad.context(), squad.squadId, { firstTimeoutSeconds: 600 }));
    const waiting = await ask(squad, 'Third, still waiting');
    await untilState(squad, waiting.conversation.id, (c) => c.state === 'waiting', 'the acknowledgement');
    await until(
      () => bed.db.query("SELECT 1 FROM deadlines WHERE tenant_id = $1 AND status = 'running'", [squad.tenantId]),
      (running) => running.length === 0,
      'no deadline of the squad firing',
    );
    await bed.catchUp();

    const snapshot = () =>
      Promise.all([
        bed.db.query('SELECT * FROM conversations WHERE tenant_id = $1 ORDER BY id', [squad.tenantId]),
        bed.db.query('SELECT * FROM conversation_rounds WHERE tenant_id = $1 ORDER BY conversation_id, round', [squad.tenantId]),
        bed.db.query('SELECT key, type, due_at, status, payload FROM deadlines WHERE tenant_id = $1 ORDER BY key', [squad.tenantId]),
      ]);
    const live = await snapshot();
    expect(live.map((rows) => rows.length)).toEqual([3, expect.any(Number), expect.any(Number)]);
    for (const replay of [1, 2]) {
      for (const name of ['conversations', 'conversation_rounds', 'conversation_deadlines']) await bed.rebuilder.rebuild(name);
      expect({ replay, rows: await snapshot() }).toEqual({ replay, rows: live });
    }
  });
});
