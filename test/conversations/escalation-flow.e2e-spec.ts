import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call, json } from '../support/tenant.js';
import { type ConversationSquad, ask, conversationSquad, getConversation, sleep, timelineOf, until } from './support/conversation-squad.js';

const STEPS = [
  'QuestionAsked',
  'QuestionRouted',
  'QuestionAcknowledged',
  'FollowUpSent',
  'QuestionEscalated',
  'QuestionAcknowledged',
  'FollowUpSent',
  'QuestionEscalated',
  'QuestionAcknowledged',
  'QuestionAnswered',
];

/** Every event the sockets of this file receive, against docs/asyncapi.yaml. */
const documented = new AsyncApiEventValidator();

async function watch(
  url: string,
  apiKey: string,
  rooms: string[],
  after?: number,
): Promise<{ socket: Socket; seen: DeliveredEvent[]; position: number }> {
  const seen: DeliveredEvent[] = [];
  const socket = await connectSocket(url, apiKey, documented.check);
  socket.on('event', (event: DeliveredEvent) => seen.push(event));
  const ack = await subscribeSocket(socket, rooms, after);
  if (!ack.ok) throw new Error(ack.error);
  return { socket, seen, position: ack.position };
}

/** 1 second of interaction settings lasts 20 ms here: first timeout 15 s → 300 ms, follow-up 10 s → 200 ms. */
describe('a question escalating through three levels of people', () => {
  let subject: TestApp;
  let squad: ConversationSquad;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEADLINE_POLL_MS: '20', INTERACTION_SECOND_MS: '20', DEMO_ORGANIZATION: 'false' });
    squad = await conversationSquad(subject.app, subject.url);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await subject.close();
  });

  it('is acknowledged, followed up, escalated twice, answered at level 2 — on time, in order, seen live in every room, counted, as documented', async () => {
    const [lead, architect, manager] = squad.levels;
    const organization = await watch(subject.url, squad.adminKey, ['organization']);
    const squadRoom = await watch(subject.url, squad.adminKey, [`squad:${squad.squadId}`]);
    sockets.push(organization.socket, squadRoom.socket);

    const asked = await ask(subject.url, squad, 'Who owns invoice numbering?', 'architecture');
    expect(asked).toMatchObject({ state: 'initiated', level: 0, round: 1, currentResponders: [{ memberId: lead.id }] });
    expect(asked.chain.map((step) => step.ruleId)).toEqual(squad.ruleIds);
    expect(asked.chain[0].why.summary).toContain('Level 0');
    const stream = await watch(subject.url, squad.adminKey, [`stream:conversation-${asked.id}`], organization.position);
    sockets.push(stream.socket);

    const inbox = await json<{ items: { id: string }[] }>(call(`${subject.url}/api/v1/members/${lead.id}/inbox`, lead.key));
    expect(inbox.items.map((item) => item.id)).toEqual([asked.id]);

    // Wait until the question sits with the project manager (level 2) and has been acknowledged there.
    await until(
      () => getConversation(subject.url, manager.key, asked.id),
      (conversation) => conversation.level === 2 && conversation.state === 'waiting',
      'the acknowledgement at level 2',
    );
    const managerInbox = await json<{ items: { id: string }[] }>(call(`${subject.url}/api/v1/members/${manager.id}/inbox`, manager.key));
    expect(managerInbox.items.map((item) => item.id)).toEqual([asked.id]);
    const leadInbox = await json<{ items: { id: string }[] }>(call(`${subject.url}/api/v1/members/${lead.id}/inbox`, lead.key));
    expect(leadInbox.items).toEqual([]);

    const answered = await call(`${subject.url}/api/v1/conversations/${asked.id}/answer`, manager.key, {
      method: 'POST',
      body: { text: 'Billing owns it.' },
    });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ state: 'answered', level: 2 });

    // Long enough for a wrongly surviving timeout (300 ms, then 200 ms) to fire.
    await sleep(800);
    const timeline = await timelineOf(subject.url, squad.adminKey, asked.id);
    expect(timeline.items.map((entry) => entry.type)).toEqual(STEPS);
    // The times the steps were decided (in the events), so append latency under load does not blur the check.
    const time = (index: number) => {
      const data = timeline.items[index].data;
      return Date.parse(String(data.acknowledgedAt ?? data.sentAt ?? data.escalatedAt));
    };
    expect(time(3) - time(2)).toBeGreaterThanOrEqual(300); // follow-up after the first timeout
    expect(time(4) - time(3)).toBeGreaterThanOrEqual(200); // escalation after the follow-up timeout
    expect(time(6) - time(5)).toBeGreaterThanOrEqual(300);
    expect(time(7) - time(6)).toBeGreaterThanOrEqual(200);
    expect(time(3) - time(2)).toBeLessThan(2000); // and not much later: the deadlines fire on time
    expect(timeline.items[4].data).toMatchObject({ fromLevel: 0, toLevel: 1, reason: 'timeout', responders: [{ memberId: architect.id }] });
    expect(timeline.items[7].data).toMatchObject({ fromLevel: 1, toLevel: 2, responders: [{ memberId: manager.id }] });
    expect(timeline.items[9].actor).toEqual({ kind: 'member', id: manager.id });
    expect(timeline.items[3].actor).toMatchObject({ kind: 'system' });

    for (const watcher of [organization, squadRoom, stream]) {
      await until(
        async () => watcher.seen.filter((event) => event.streamId === `conversation-${asked.id}`).map((event) => event.type),
        (types) => types.length >= STEPS.length,
        'the events on the socket',
      );
      expect(watcher.seen.filter((event) => event.streamId === `conversation-${asked.id}`).map((event) => event.type)).toEqual(STEPS);
    }

    const conversation = await getConversation(subject.url, squad.adminKey, asked.id);
    expect(conversation.messages.map((message) => message.kind)).toEqual([
      'question',
      'acknowledgement',
      'follow_up',
      'escalation_notice',
      'acknowledgement',
      'follow_up',
      'escalation_notice',
      'acknowledgement',
      'answer',
    ]);
    const [question, firstAck, firstFollowUp] = conversation.messages;
    expect(question.parentId).toBeNull();
    expect(firstAck).toMatchObject({ parentId: question.messageId, authorMemberId: lead.id });
    expect(firstAck.text).toContain('I received your question, Bea');
    expect(firstFollowUp).toMatchObject({ parentId: firstAck.messageId, authorMemberId: null });
    expect(firstFollowUp.text).toBe('Lee, are you still there? Bea is waiting for an answer.');
    expect(conversation.messages[3].text).toBe('No answer yet, so the question from Bea is escalated to Ari (level 1).');
    expect(conversation.messages[8]).toMatchObject({ parentId: question.messageId, authorMemberId: manager.id, text: 'Billing owns it.' });

    // It is counted in the squad's statistics and in routing's rule statistics.
    // Per-round statistics are an async projection: they follow the answer within moments.
    await eventually(async () => {
      const statistics = await json<{
        total: number;
        byState: Record<string, number>;
        timeToAcknowledge: { count: number };
        timeToAnswer: { count: number; p50Ms: number };
        byLevel: { level: number; reached: number; answered: number; escalatedAway: number; escalationRate: number }[];
        byRule: { ruleId: string; level: number }[];
      }>(call(`${subject.url}/api/v1/squads/${squad.squadId}/conversations/statistics`, squad.adminKey));
      expect(statistics).toMatchObject({ total: 1, byState: { answered: 1 }, timeToAcknowledge: { count: 1 }, timeToAnswer: { count: 1 } });
      expect(statistics.timeToAnswer.p50Ms).toBeGreaterThanOrEqual(2 * (300 + 200));
      expect(statistics.byLevel).toEqual([
        { level: 0, reached: 1, answered: 0, escalatedAway: 1, escalationRate: 1 },
        { level: 1, reached: 1, answered: 0, escalatedAway: 1, escalationRate: 1 },
        { level: 2, reached: 1, answered: 1, escalatedAway: 0, escalationRate: 0 },
      ]);
      expect(statistics.byRule.map((rule) => rule.ruleId)).toEqual(expect.arrayContaining(squad.ruleIds));

      const routing = await json<{ rules: { ruleId: string; timesUsed: number; timesEscalatedAway: number }[] }>(
        call(`${subject.url}/api/v1/squads/${squad.squadId}/routing/stats`, squad.adminKey),
      );
      const byRule = new Map(routing.rules.map((rule) => [rule.ruleId, rule]));
      expect(byRule.get(squad.ruleIds[0])).toMatchObject({ timesUsed: 1, timesEscalatedAway: 1 });
      expect(byRule.get(squad.ruleIds[2])).toMatchObject({ timesUsed: 1, timesEscalatedAway: 0 });
    });

    // Every event the sockets received matched its documented payload schema.
    expect(documented.checked).toBeGreaterThan(0);
    expect(documented.problems).toEqual([]);
  });
});

/** Retries `check` until it passes (async read models catch up), failing with its last error. */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  for (const started = Date.now(); ;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await sleep(50);
    }
  }
}
