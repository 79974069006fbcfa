import pg from 'pg';
import { withLlmEnv, loopbackModelEnv } from '../support/llm-env.js';
import type { OpenAiTestServer, RecordedRequest } from '../support/openai-test-server.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { call, json } from '../support/tenant.js';

export const PROBLEMS = 'https://agent-squad.dev/problems/';

export interface SessionBody {
  id: string;
  status: string;
  rootBranchId: string;
  activeBranchId: string | null;
  branches: {
    id: string;
    label: string;
    status: string;
    active: boolean;
    parentBranchId: string | null;
    messageCount: number;
    statusReason: string | null;
    statusChangedBy: unknown;
    summary: unknown;
    forkPosition: { branchId: string; position: number } | null;
  }[];
  tokenUsage: { inputTokens: number; outputTokens: number };
}

export interface MessageBody {
  id: string;
  branchId: string;
  inherited: boolean;
  role: string;
  text: string;
}

/** A small client of the branching API for tests. */
export function branchingClient(url: string, key: string) {
  const post = async <T>(path: string, body: unknown, status = 200): Promise<T> => {
    const response = await call(`${url}/api/v1${path}`, key, { method: 'POST', body });
    if (response.status !== status) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    start: (problem = 'Outlook cannot reach the mail server', extra: Record<string, unknown> = {}) =>
      post<SessionBody>('/sessions', { problem, ...extra }, 201),
    get: (id: string) => json<SessionBody>(call(`${url}/api/v1/sessions/${id}`, key)),
    fork: (id: string, fromBranchId: string, labels: string[], extra: Record<string, unknown> = {}) =>
      post<SessionBody>(
        `/sessions/${id}/fork`,
        {
          fromBranchId,
          reason: 'Several likely causes',
          options: labels.map((label) => ({ label, description: `Maybe ${label}` })),
          ...extra,
        },
        201,
      ),
    say: (id: string, branchId: string, text: string) =>
      post<{ message: MessageBody; reply: MessageBody }>(`/sessions/${id}/branches/${branchId}/messages`, { text }, 201),
    messages: async (id: string, branchId: string) =>
      (await json<{ items: MessageBody[] }>(call(`${url}/api/v1/sessions/${id}/branches/${branchId}/messages`, key))).items,
    transition: (id: string, branchId: string, action: string, body: unknown = undefined) =>
      call(`${url}/api/v1/sessions/${id}/branches/${branchId}/${action}`, key, { method: 'POST', body }),
    raw: (path: string, body?: unknown, method = 'POST') => call(`${url}/api/v1${path}`, key, { method, body }),
  };
}

export const branchNamed = (session: SessionBody, label: string) => {
  const branch = session.branches.find((b) => b.label === label);
  expect(branch).toBeDefined();
  return branch!;
};

/**
 * Counts the events requests appended: the summary step's own (made by the system after each
 * exchange, possibly while a later test runs) are left out.
 */
export async function requestEventCounter(app: TestApp): Promise<{ count: () => Promise<number>; close: () => Promise<void> }> {
  const db = new pg.Client({ connectionString: app.database.url });
  await db.connect();
  return {
    count: async () =>
      Number(
        (await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE metadata->'actor'->>'kind' IS DISTINCT FROM 'system'`))
          .rows[0].n,
      ),
    close: () => db.end(),
  };
}

/** The app with the loopback server as its only model (no offline fallback, no retries), for tests of what the model is sent. */
export function startAppOnLoopbackModel(server: OpenAiTestServer): Promise<TestApp> {
  return withLlmEnv(
    {
      ...loopbackModelEnv(server.baseUrl, 'branch-model'),
    },
    () => startTestApp({ DEMO_ORGANIZATION: 'false' }),
  );
}

/** Replies stream; the summary step's structured calls (which run meanwhile) do not. */
export const streamedChats = (server: OpenAiTestServer): RecordedRequest[] =>
  server.requests.filter((request) => request.path.endsWith('/chat/completions') && request.body.stream === true);

/** The body of the last reply request the model got. */
export const lastStreamedChat = (server: OpenAiTestServer): RecordedRequest['body'] => {
  const chats = streamedChats(server);
  return chats[chats.length - 1].body;
};
