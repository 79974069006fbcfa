import pg from 'pg';
import { systemContext } from '../../src/platform/decider/command-context.js';
import { AgentDefinitionsService } from '../../src/registry/index.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { call } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type ConversationSquad, ask, conversationSquad, getConversation, timelineOf, until } from './support/conversation-squad.js';
import { withLlmEnv } from '../support/llm-env.js';

const PERSONA = 'You are Lee, a terse tech lead who answers with one decision.';

/** An agent at level 0 (registry persona) through an OpenAI-protocol server on loopback; 1 s of settings = 20 ms. */
describe('an agent responder', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let squad: ConversationSquad;

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    subject = await withLlmEnv(
      {
        LLM_1_NAME: 'loopback',
        LLM_1_BASE_URL: server.baseUrl,
        LLM_1_MODEL: 'squad-model',
        LLM_OFFLINE_FALLBACK: 'false',
        LLM_MAX_RETRIES: '0',
        LLM_CIRCUIT_FAILURES: '1000',
      },
      () => startTestApp({ DEADLINE_POLL_MS: '20', INTERACTION_SECOND_MS: '20', DEMO_ORGANIZATION: 'false' }),
    );
    squad = await agentSquad();
  });
  afterEach(() => server.discardScripted());
  afterAll(async () => {
    await subject.close();
    await server.close();
  });

  /** A squad of its own organization whose level 0 is the registered agent `tech-lead`, preferring the loopback provider. */
  async function agentSquad(): Promise<ConversationSquad> {
    const created = await conversationSquad(subject.app, subject.url, { agentAtLevel0: 'tech-lead' });
    await subject.app
      .get(AgentDefinitionsService)
      .registerSpec(systemContext({ tenantId: created.organizationId, actor: { kind: 'system', id: 'test' } }, new Date()), {
        slug: 'tech-lead',
        version: '1.0.0',
        name: 'Tech Lead',
        role: 'tech_lead',
        persona: PERSONA,
        goals: [],
        skills: [],
        model: { providerPreference: ['loopback'], temperature: 0.1, maxTokens: 300 },
        triggers: [],
        priority: 'NORMAL',
        metadata: {},
      });
    return created;
  }

  async function usageOf(
    organizationId: string,
  ): Promise<Array<{ provider: string; served_because: string | null; outcome: string; error: string | null }>> {
    const db = new pg.Client({ connectionString: subject.database.url });
    await db.connect();
    try {
      return (
        await db.query('SELECT provider, served_because, outcome, error FROM llm_usage WHERE tenant_id = $1 ORDER BY id', [organizationId])
      ).rows;
    } finally {
      await db.end();
    }
  }

  it('is served by its preferred provider, and the ledger says so', async () => {
    const own = await agentSquad();
    server.reply = () => 'Preferred answer.';
    const asked = await ask(subject.url, own, 'Which provider answers?');
    await until(
      () => getConversation(subject.url, own.adminKey, asked.id),
      (conversation) => conversation.state === 'answered',
      'the agent’s answer',
    );
    await until(
      () => usageOf(own.organizationId),
      (rows) => rows.length > 0,
      'the usage row',
    );
    expect(await usageOf(own.organizationId)).toEqual([{ provider: 'loopback', served_because: 'preferred', outcome: 'ok', error: null }]);
  });

  it('with its squad’s budget spent (block), it makes no model call and the question still escalates on time', async () => {
    const own = await agentSquad();
    const budget = await call(`${subject.url}/api/v1/budgets`, own.adminKey, {
      method: 'PUT',
      body: { scope: 'squad', squadId: own.squadId, period: 'day', limitTokens: 1, mode: 'block' },
    });
    expect(budget.status).toBe(200);
    const asked = await ask(subject.url, own, 'Is the budget spent?');
    const timeline = await until(
      () => timelineOf(subject.url, own.adminKey, asked.id),
      (entries) => entries.items.some((entry) => entry.type === 'QuestionEscalated'),
      'the escalation past the agent without budget',
    );
    const at = (type: string) => {
      const data = timeline.items.find((entry) => entry.type === type)!.data;
      return Date.parse(String(data.acknowledgedAt ?? data.sentAt ?? data.escalatedAt));
    };
    expect(at('FollowUpSent') - at('QuestionAcknowledged')).toBeGreaterThanOrEqual(300);
    expect(at('QuestionEscalated') - at('FollowUpSent')).toBeLessThan(1500);
    expect(timeline.items.map((entry) => entry.type)).not.toContain('QuestionAnswered');
    expect(server.requests.some((entry) => JSON.stringify(entry.body.messages ?? []).includes('Is the budget spent?'))).toBe(false);
    const rows = await until(
      () => usageOf(own.organizationId),
      (found) => found.length > 0,
      'the refused call in the ledger',
    );
    expect(rows[0]).toMatchObject({ outcome: 'failed', served_because: null });
    expect(rows[0].error).toContain('budget');
  });

  it('answers by itself, through the model, with its registry persona, the question and the thread', async () => {
    server.reply = () => 'Billing owns invoice numbering.';
    const asked = await ask(subject.url, squad, 'Who owns invoice numbering?');
    const done = await until(
      () => getConversation(subject.url, squad.adminKey, asked.id),
      (conversation) => conversation.state === 'answered',
      'the agent’s answer',
    );
    expect(done.messages.at(-1)).toMatchObject({
      kind: 'answer',
      authorMemberId: squad.levels[0].id,
      text: 'Billing owns invoice numbering.',
    });
    // Other tests of this file also reach the server: this question's request is the one that carries it.
    const request = server.requests.find(
      (entry) => entry.path.endsWith('/chat/completions') && JSON.stringify(entry.body.messages).includes('Who owns invoice numbering?'),
    )!;
    expect(request.body.messages![0]).toEqual({ role: 'system', content: PERSONA });
    expect(request.body.messages!.at(-1)!.content).toContain('Who owns invoice numbering?');
    const timeline = await timelineOf(subject.url, squad.adminKey, asked.id);
    expect(timeline.items.at(-1)).toMatchObject({ type: 'QuestionAnswered', actor: { kind: 'member', id: squad.levels[0].id } });
    expect(timeline.items.filter((entry) => entry.type === 'QuestionAnswered')).toHaveLength(1);
  });

  it('with the model slow, the timeouts run on time meanwhile; its late answer still counts', async () => {
    server.enqueue({ delayMs: 2500, content: 'Late, but: billing.' });
    const asked = await ask(subject.url, squad, 'Is the model slow?');
    const timeline = await until(
      () => timelineOf(subject.url, squad.adminKey, asked.id),
      (entries) => entries.items.some((entry) => entry.type === 'QuestionEscalated'),
      'the escalation while the model thinks',
    );
    const at = (type: string) => {
      // When each step was decided (in the event), not when its append committed.
      const data = timeline.items.find((entry) => entry.type === type)!.data;
      return Date.parse(String(data.acknowledgedAt ?? data.sentAt ?? data.escalatedAt));
    };
    expect(at('FollowUpSent') - at('QuestionAcknowledged')).toBeLessThan(1500);
    expect(at('QuestionEscalated') - at('FollowUpSent')).toBeLessThan(1500);
    const done = await until(
      () => getConversation(subject.url, squad.adminKey, asked.id),
      (conversation) => conversation.state === 'answered',
      'the late answer',
    );
    expect(done.messages.at(-1)).toMatchObject({ authorMemberId: squad.levels[0].id, text: 'Late, but: billing.' });
  });

  it('with the model failing, the question still follows up and escalates on time', async () => {
    server.enqueue(...Array.from({ length: 50 }, () => ({ status: 500 })));
    const asked = await ask(subject.url, squad, 'Is the model down?');
    const timeline = await until(
      () => timelineOf(subject.url, squad.adminKey, asked.id),
      (entries) => entries.items.some((entry) => entry.type === 'QuestionEscalated'),
      'the escalation past the failing agent',
    );
    const at = (type: string) => {
      // When each step was decided (in the event), not when its append committed.
      const data = timeline.items.find((entry) => entry.type === type)!.data;
      return Date.parse(String(data.acknowledgedAt ?? data.sentAt ?? data.escalatedAt));
    };
    expect(at('FollowUpSent') - at('QuestionAcknowledged')).toBeGreaterThanOrEqual(300);
    expect(at('FollowUpSent') - at('QuestionAcknowledged')).toBeLessThan(1500);
    expect(at('QuestionEscalated') - at('FollowUpSent')).toBeLessThan(1500);
    expect(timeline.items.map((entry) => entry.type)).not.toContain('QuestionAnswered');
    expect(server.requestCount('/chat/completions')).toBeGreaterThan(1); // it did try the model
    const conversation = await getConversation(subject.url, squad.adminKey, asked.id);
    expect(conversation).toMatchObject({ level: 1, currentResponders: [{ memberId: squad.levels[1].id }] });
  });
});
