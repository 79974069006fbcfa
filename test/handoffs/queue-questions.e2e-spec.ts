import type { Socket } from 'socket.io-client';
import type { DeliveredEvent } from '../../src/platform/realtime/realtime.messages.js';
import { AsyncApiEventValidator } from '../support/asyncapi-event-validator.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { call, createTenant, json } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { untilTrue } from '../support/until.js';
import { type ConversationSquad, ask, conversationSquad } from '../conversations/support/conversation-squad.js';
import { PROBLEMS } from '../branching/support.js';
import { handoffsClient } from './support.js';

interface QueueItemBody {
  id: string;
  kind: string;
  priority: string;
  status: string;
  sessionId: string | null;
  snapshot: unknown;
  claimedBy: { kind: string; id: string } | null;
  briefing: { headline: string; body: string } | null;
  question: { conversationId: string; text: string; questionType: string; asker: { displayName: string }; reason: string } | null;
}

interface QueueStatisticsBody {
  waiting: { total: number; byKind: Record<string, number>; byPriority: Record<string, number> };
  timeToClaim: { claims: number; medianSeconds: number | null };
}

/**
 * A question whose escalation chain runs out goes onto the team queue, from the conversation's events:
 * claimed there by exactly one person, released, and gone once someone answers it.
 */
describe('exhausted questions on the team queue', () => {
  let subject: TestApp;
  let squad: ConversationSquad;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    // One level: when the tech lead cannot help, nobody is left to ask.
    squad = await conversationSquad(subject.app, subject.url, { levels: 1 });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await subject?.close();
  });

  const queue = (key: string, query = '') =>
    json<{ items: QueueItemBody[]; nextCursor: string | null }>(call(`${subject.url}/api/v1/queue${query}`, key));
  const queueAction = (id: string, action: 'claim' | 'release', key: string) =>
    call(`${subject.url}/api/v1/queue/${id}/${action}`, key, { method: 'POST' });
  const exhausted = async (text: string) => {
    const asked = await ask(subject.url, squad, text);
    const refused = await call(`${subject.url}/api/v1/conversations/${asked.id}/cant-help`, squad.levels[0].key, {
      method: 'POST',
      body: { reason: 'Not my area' },
    });
    expect(await refused.json()).toMatchObject({ state: 'unanswered' });
    return asked.id;
  };
  const answer = (id: string, key: string) =>
    call(`${subject.url}/api/v1/conversations/${id}/answer`, key, { method: 'POST', body: { text: 'Billing owns it.' } });

  it('raises the question onto the queue with what it asked and why the chain ran out, beside the handoffs', async () => {
    const handoff = (await handoffsClient(subject.url, squad.adminKey).handedOff({ kind: 'park', notes: 'Later' })).handoff;
    const id = await exhausted('Who owns invoice numbering?');
    const items = (await queue(squad.adminKey)).items;
    expect(items.map((item) => item.id)).toEqual([handoff.id, id]); // both normal priority: oldest first
    expect(items[1]).toMatchObject({
      kind: 'question',
      priority: 'normal',
      status: 'waiting',
      sessionId: null,
      snapshot: null,
      claimedBy: null,
      question: { conversationId: id, text: 'Who owns invoice numbering?', asker: { displayName: 'Bea' }, reason: 'cant_help' },
    });
    expect(items[0].question).toBeNull();
    expect((await queue(squad.adminKey, '?kind=question')).items.map((item) => item.id)).toEqual([id]);
    expect((await queue(squad.adminKey, '?priority=elevated')).items).toEqual([]);
    expect((await queue(squad.adminKey, `?squadId=${squad.squadId}&kind=question`)).items.map((item) => item.id)).toEqual([id]);
  });

  it('twenty people claiming at once: one wins with a briefing, nineteen are told who has it', async () => {
    const id = await exhausted('Why do refunds take a week?');
    const tenancyKeys = [squad.adminKey, ...squad.levels.map((m) => m.key), squad.expert.key, squad.asker.key];
    const claimers = Array.from({ length: 20 }, (_, i) => tenancyKeys[i % tenancyKeys.length]);
    const answers = await Promise.all(claimers.map((key) => queueAction(id, 'claim', key)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
    const winner = (await answers.find((answer) => answer.status === 200)!.json()) as QueueItemBody;
    expect(winner).toMatchObject({ id, kind: 'question', status: 'claimed' });
    expect(winner.briefing?.headline).toBe('Unanswered: Why do refunds take a week?');
    expect(winner.briefing?.body).toContain('from Bea: Why do refunds take a week?');
    expect(winner.briefing?.body).toContain('Could not help: Not my area.');
    const loser = await answers.find((answer) => answer.status === 409)!.json();
    expect(loser).toMatchObject({ type: `${PROBLEMS}already-claimed`, claimedBy: winner.claimedBy });
    expect((await queue(squad.adminKey, '?kind=question')).items.map((item) => item.id)).not.toContain(id);
  });

  it('released by its claimer (not by someone else) it waits again; once answered it leaves the queue for good', async () => {
    const id = await exhausted('Which team owns the tax tables?');
    const [lead] = squad.levels;
    expect((await queueAction(id, 'claim', lead.key)).status).toBe(200);
    const notTheirs = await queueAction(id, 'release', squad.expert.key);
    expect(notTheirs.status).toBe(403);
    expect(await notTheirs.json()).toMatchObject({ type: `${PROBLEMS}not-your-claim` });
    expect((await queueAction(id, 'release', lead.key)).status).toBe(200);
    expect((await queue(squad.adminKey, '?kind=question')).items.map((item) => item.id)).toContain(id);

    expect((await answer(id, squad.expert.key)).status).toBe(200);
    expect((await queue(squad.adminKey, '?kind=question')).items.map((item) => item.id)).not.toContain(id);
    const late = await queueAction(id, 'claim', lead.key);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ type: `${PROBLEMS}question-answered` });
  });

  it('a question still being routed is not a queue item; another organization’s is not found', async () => {
    const open = await ask(subject.url, squad, 'Still with the tech lead');
    expect((await queueAction(open.id, 'claim', squad.adminKey)).status).toBe(404);
    const other = await createTenant(subject.app, 'Other');
    const id = await exhausted('Ours, not theirs');
    const foreign = await queueAction(id, 'claim', other.keys.operator);
    expect(foreign.status).toBe(404);
    expect((await queue(other.keys.operator)).items).toEqual([]);
  });

  it('counts waiting questions and their time to claim in the queue statistics', async () => {
    const fresh = await conversationSquad(subject.app, subject.url, { levels: 1 });
    const asked = await ask(subject.url, fresh, 'How are credits rounded?');
    await call(`${subject.url}/api/v1/conversations/${asked.id}/cant-help`, fresh.levels[0].key, { method: 'POST', body: {} });
    await ask(subject.url, fresh, 'And debits?').then((second) =>
      call(`${subject.url}/api/v1/conversations/${second.id}/cant-help`, fresh.levels[0].key, { method: 'POST', body: {} }),
    );
    const statistics = () => json<QueueStatisticsBody>(call(`${subject.url}/api/v1/queue/statistics`, fresh.adminKey));
    expect((await statistics()).waiting).toMatchObject({
      total: 2,
      byKind: { park: 0, escalate: 0, question: 2 },
      byPriority: { normal: 2 },
    });
    expect((await queueAction(asked.id, 'claim', fresh.adminKey)).status).toBe(200);
    const after = await statistics();
    expect(after.waiting).toMatchObject({ total: 1, byKind: { question: 1 } });
    expect(after.timeToClaim.claims).toBe(1);
    expect(after.timeToClaim.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(after.timeToClaim.medianSeconds!).toBeLessThan(60);
  });

  it('the raise, the claim and the answer reach the queue room and the squad room, as documented', async () => {
    const inQueue: DeliveredEvent[] = [];
    const inSquad: DeliveredEvent[] = [];
    const watcher = await connectSocket(subject.url, squad.adminKey, (event) => inQueue.push(event));
    const squadWatcher = await connectSocket(subject.url, squad.adminKey, (event) => inSquad.push(event));
    sockets.push(watcher, squadWatcher);
    expect(await subscribeSocket(watcher, ['queue'])).toMatchObject({ ok: true });
    expect(await subscribeSocket(squadWatcher, [`squad:${squad.squadId}`])).toMatchObject({ ok: true });
    const id = await exhausted('Live on the queue?');
    expect((await queueAction(id, 'claim', squad.levels[0].key)).status).toBe(200);
    expect((await answer(id, squad.levels[0].key)).status).toBe(200);
    const types = ['ChainExhausted', 'QuestionClaimed', 'QuestionAnswered'];
    await untilTrue(
      () => inQueue.length >= 3 && types.every((type) => inSquad.some((e) => e.type === type)),
      'the three events in both rooms',
    );
    // The queue room gets only what concerns the queue: not the question's asking, routing or refusal.
    expect(inQueue.map((event) => event.type)).toEqual(types);
    const documented = new AsyncApiEventValidator();
    for (const event of [...inQueue, ...inSquad]) documented.check(event);
    expect(documented.problems).toEqual([]);
  });
});
