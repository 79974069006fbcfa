import type { Socket } from 'socket.io-client';
import type { DeliveredEvent, Signal } from '../../src/platform/realtime/realtime.messages.js';
import { startAppOnLoopbackModel } from '../branching/support.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { connectSocket, subscribeSocket } from '../support/sockets.js';
import { call, createTenant, json } from '../support/tenant.js';
import type { TestApp } from '../support/test-app.js';
import { sleep, until } from '../support/until.js';

interface ChatBody {
  messages?: { role: string; content: string }[];
  stream?: boolean;
}

const line = (text: string, label: string) => new RegExp(`^${label}: (.*)$`, 'm').exec(text)?.[1] ?? '';
const proposalIds = (text: string) =>
  [...text.matchAll(/^Proposal \[([^\]]+)\] \(by ([^)]*)\): (.*)$/gm)].map((m) => ({ id: m[1], by: m[2], text: m[3] }));

/**
 * The scripted model: the project manager asks the user which tools come first; in exploration the
 * architect proposes a flagged rollout and QA a big-bang migration; in round 1 QA votes against the
 * rollout (no unanimity), in round 2 everyone agrees on it.
 */
function scriptedReply(body: ChatBody): string {
  const system = (body.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const user = body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const speaker = line(user, 'Speaker');
  const phase = line(user, 'Phase');
  const round = Number.parseInt(line(user, 'Round'), 10);
  if (system.includes('Write the outcome')) {
    return JSON.stringify({
      summary: 'The group chose a flagged rollout after QA’s concern about testing was answered.',
      rationale: 'It limits the risk of locking people out and can be tested tool by tool.',
      actionItems: [{ item: 'Put SSO behind a flag for the first five tools', owner: 'Technical Architect' }],
    });
  }
  if (system.includes('Vote on every proposal')) {
    const votes = proposalIds(user).map((p) => {
      const flagged = p.text.includes('feature flag');
      const againstInRoundOne = speaker.startsWith('Quality') && round === 1;
      const choice = flagged ? (againstInRoundOne ? 'disagree' : 'agree') : 'disagree';
      return { proposalId: p.id, choice, reason: `${choice === 'agree' ? 'Yes to' : 'No to'} "${p.text}"` };
    });
    return JSON.stringify({ message: `${speaker} votes.`, votes });
  }
  const question =
    phase === 'initialization' && speaker.startsWith('Project Manager')
      ? { text: 'Which tools must come first?', assumption: 'All tools matter equally.' }
      : null;
  const proposal =
    phase === 'exploration' && speaker.startsWith('Technical Architect')
      ? 'Roll out SSO behind a feature flag, five tools at a time'
      : phase === 'exploration' && speaker.startsWith('Quality')
        ? 'Migrate every tool in one weekend'
        : null;
  return JSON.stringify({ message: `${speaker} on ${phase}, round ${round}.`, proposal, question });
}

/** A discussion through the real `openai` client against the loopback server, watched live over Socket.IO. */
describe('discussions with a model (the openai client against the loopback server)', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.reply = scriptedReply;
    subject = await startAppOnLoopbackModel(server);
  });
  afterAll(async () => {
    await subject.close();
    await server.close();
  });

  it('asks the user, splits, then agrees in round 2; the prompts carry the personas, the answer and the proposals; the turns stream live', async () => {
    const tenant = await createTenant(subject.app);
    const key = tenant.keys.operator;
    const base = `${subject.url}/api/v1/discussions`;
    // The discussion's events and its streamed turns, from the start.
    const delivered: DeliveredEvent[] = [];
    const signals: Signal[] = [];
    // The five personas are installed by a first discussion with the defaults.
    expect((await call(base, key, { method: 'POST', body: { goal: 'Warm up', autoStart: false } })).status).toBe(201);
    const opened = await json<{ id: string }>(
      call(base, key, {
        method: 'POST',
        body: {
          goal: 'Roll out single sign-on to our internal tools',
          agents: ['project-manager', 'technical-architect', 'quality-assurance'],
          consensus: { rule: 'unanimity' },
          speakerSelection: 'round_robin',
          autoStart: false,
        },
      }),
    );
    expect(opened).toMatchObject({ id: expect.any(String) });
    const socket: Socket = await connectSocket(subject.url, key, (event) => delivered.push(event));
    socket.on('signal', (signal: Signal) => signals.push(signal));
    await subscribeSocket(socket, [`discussion:${opened.id}`]);
    expect((await call(`${base}/${opened.id}/start`, key, { method: 'POST', body: {} })).status).toBe(200);

    type View = {
      state: string;
      pendingQuestion: { questionId: string } | null;
      decision: { decision: string; dissent: unknown[]; actionItems: unknown[] } | null;
      round: number;
      proposals: { text: string; votes: { voter: string; choice: string; round: number }[] }[];
    };
    // Polled gently: the key's rate limit is 600 requests a minute.
    const view = async () => {
      await sleep(200);
      return json<View>(call(`${base}/${opened.id}`, key));
    };
    const asked = await until(view, (d) => d.state === 'awaiting_user', 'the question to the user');
    await call(`${base}/${opened.id}/messages`, key, {
      method: 'POST',
      body: { text: 'The HR tools first.', inReplyTo: asked.pendingQuestion?.questionId },
    });
    const done = await until(view, (d) => d.state === 'completed', 'completion', 30_000);

    expect(done.round).toBe(2);
    expect(done.decision).toMatchObject({ decision: 'Roll out SSO behind a feature flag, five tools at a time', dissent: [] });
    expect(done.decision?.actionItems).toEqual([{ item: 'Put SSO behind a flag for the first five tools', owner: 'Technical Architect' }]);
    const flagged = done.proposals.find((p) => p.text.includes('feature flag'));
    expect(flagged?.votes.map((v) => [v.voter, v.choice, v.round])).toEqual([
      ['project-manager', 'agree', 2],
      ['technical-architect', 'agree', 2],
      ['quality-assurance', 'agree', 2],
    ]);

    // What the model was sent: each agent's persona, and after the answer, the user's words and both proposals.
    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const turns = chats.filter((r) => r.body.stream === true);
    expect(turns.length).toBeGreaterThanOrEqual(3 * 3 + 3 * 2);
    const systemOf = (r: (typeof chats)[number]) =>
      (r.body.messages ?? [])
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n');
    const userOf = (r: (typeof chats)[number]) => r.body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    expect(systemOf(turns[0])).toContain('You are the Project Manager');
    expect(systemOf(turns[1])).toMatch(/Technical Architect/);
    const roundTwoVote = turns.find((r) => systemOf(r).includes('Vote on every proposal') && line(userOf(r), 'Round').startsWith('2'));
    expect(userOf(roundTwoVote!)).toContain('User (the person who asked): The HR tools first.');
    expect(proposalIds(userOf(roundTwoVote!)).map((p) => p.text)).toEqual([
      'Roll out SSO behind a feature flag, five tools at a time',
      'Migrate every tool in one weekend',
    ]);

    // Live: the stored events reached the room, and each turn streamed its message text before it was stored.
    await until(async () => delivered.some((e) => e.type === 'DiscussionConcluded'), Boolean, 'the outcome event on the socket');
    const spoke = delivered.filter((e) => e.type === 'AgentSpoke').map((e) => e.data as { messageId: string; text: string });
    expect(spoke.length).toBeGreaterThanOrEqual(15);
    for (const { messageId, text } of spoke) {
      const deltas = signals.filter(
        (s) => s.kind === 'discussions.turn.delta' && (s.data as { messageId: string }).messageId === messageId,
      );
      expect(deltas.map((s) => (s.data as { delta: string }).delta).join('')).toBe(text);
    }
    socket.close();
  }, 60_000);
});
