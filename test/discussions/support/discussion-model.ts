import type { ChatMessage, ChatRole } from '../../../src/platform/llm/llm.types.js';
import { offlineAnswer } from '../../../src/platform/llm/offline/offline-model.js';
import { type OpenAiTestServer, type RecordedRequest, startOpenAiTestServer } from '../../support/openai-test-server.js';

/**
 * A provider on loopback that speaks the OpenAI protocol and answers a discussion's turns, votes and
 * outcome as the offline model would (valid JSON for TURN_SCHEMA, VOTE_SCHEMA and OUTCOME_SCHEMA),
 * so the real client, streaming and validation run while a test slows or hangs chosen requests.
 * Embeddings are left to the offline model at the end of the chain (the provider has no embedding model).
 */
export async function startDiscussionModel(): Promise<OpenAiTestServer> {
  const server = await startOpenAiTestServer();
  server.reply = (body) => {
    const messages = (body.messages ?? []).map((m): ChatMessage => ({ role: roleOf(m.role), content: m.content }));
    return offlineAnswer(purposeOf(messages), messages);
  };
  return server;
}

/** The environment that makes an app use `server` for every discussion model call, with no retries hiding a request. */
export function discussionModelEnv(server: OpenAiTestServer): Record<string, string> {
  return {
    LLM_1_NAME: 'loopback',
    LLM_1_BASE_URL: server.baseUrl,
    LLM_1_MODEL: 'discussion-model',
    LLM_MAX_RETRIES: '0',
    LLM_CIRCUIT_FAILURES: '1000',
  };
}

/** The chat requests the server has received, in order. */
export const chatRequests = (server: OpenAiTestServer) => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** The facts a request carries (its user message): the same turn asked again sends the same text. */
export const promptOf = (request: RecordedRequest) =>
  [...(request.body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';

function roleOf(role: string): ChatRole {
  return role === 'system' || role === 'assistant' ? role : 'user';
}

/** Which discussion prompt this is, by the instruction discussion-prompt.ts writes into its system message. */
function purposeOf(messages: readonly ChatMessage[]): string {
  const instructions = messages
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  if (instructions.includes('Vote on every proposal listed')) return 'discussion_vote';
  if (instructions.includes('Write the outcome of this discussion')) return 'discussion_outcome';
  return 'discussion_turn';
}
