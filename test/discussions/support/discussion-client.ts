import type pg from 'pg';
import { call, json } from '../../support/tenant.js';
import { until } from '../../support/until.js';

export interface DiscussionBody {
  id: string;
  state: string;
  phase: string;
  turnsTaken: number;
  pendingQuestion: { questionId: string; askedBy: string; text: string } | null;
  decision: { decision: string } | null;
}

export interface ThreadMessage {
  id: string;
  kind: string;
  by: { kind: string; slug?: string | null };
  text: string;
  parentId: string | null;
}

export interface StoredEvent {
  version: number;
  type: string;
  data: { turn?: number; speaker?: string; provider?: string; messageId?: string; parentId?: string | null; schedule?: number };
}

/** The discussions API of the app at `url`, as one operator; `url` may change when the app restarts. */
export function discussionClient(url: () => string, key: string) {
  const base = () => `${url()}/api/v1/discussions`;
  const client = {
    open: async (goal: string, settings: { userQuestionTimeoutSeconds?: number; onUnansweredQuestion?: 'assume' | 'remind' } = {}) => {
      const opened = await call(base(), key, { method: 'POST', body: { goal, speakerSelection: 'round_robin', ...settings } });
      if (opened.status !== 201) throw new Error(`opening a discussion gave ${opened.status}: ${await opened.text()}`);
      return (await opened.json()) as DiscussionBody;
    },
    get: (id: string) => json<DiscussionBody>(call(`${base()}/${id}`, key)),
    messages: async (id: string) => (await json<{ items: ThreadMessage[] }>(call(`${base()}/${id}/messages`, key))).items,
    post: (id: string, body: { text: string; inReplyTo?: string }) => call(`${base()}/${id}/messages`, key, { method: 'POST', body }),
    action: (id: string, action: 'pause' | 'resume' | 'stop') => call(`${base()}/${id}/${action}`, key, { method: 'POST', body: {} }),
    /** Waits for the first speaker's question and answers it. */
    answerQuestion: async (id: string) => {
      const asked = await client.until(id, (d) => d.state === 'awaiting_user', 'the question to the user');
      const answered = await client.post(id, { text: 'Before the March audit.', inReplyTo: asked.pendingQuestion?.questionId });
      if (answered.status !== 201) throw new Error(`answering gave ${answered.status}: ${await answered.text()}`);
    },
    until: (id: string, done: (d: DiscussionBody) => boolean, what: string, timeoutMs = 20_000) =>
      until(() => client.get(id), done, what, timeoutMs),
  };
  return client;
}

/** The discussion's stream, straight from the event store. */
export async function streamOf(db: pg.Pool, discussionId: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<StoredEvent>(`SELECT version, type, data FROM events WHERE stream_id = $1 ORDER BY version`, [
    `discussion-${discussionId}`,
  ]);
  return rows;
}

/** The turn numbers of the stream's AgentSpoke events, in stream order. */
export const spokenTurns = (events: readonly StoredEvent[]) => events.filter((e) => e.type === 'AgentSpoke').map((e) => e.data.turn);

/** 1…n: what the turns of a discussion must be, each once and in order. */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
