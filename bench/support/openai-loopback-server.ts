import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server on loopback that speaks enough of the OpenAI HTTP API for the real `openai` client:
 * chat completions (JSON and SSE streaming) and embeddings. Tests script failures per request;
 * the benchmark uses it as a zero-latency provider. Plain Node, no framework, so it costs little.
 */

export interface ScriptedResponse {
  /** Answer with this HTTP status and `body` (an OpenAI error object by default). */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait before answering (a slow provider). */
  delayMs?: number;
  /** Answer 200 with the headers and half of the JSON body, then send nothing more (a provider that stalls mid-body). */
  stallBody?: boolean;
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** The assistant's text (default: the server's `reply` function). */
  content?: string;
  /** For streams: the text chunks to send (default: `content` split into words). */
  chunks?: string[];
  /** For streams: close the connection after this many chunks, without finish_reason or [DONE]. */
  truncateAfterChunks?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface RecordedRequest {
  path: string;
  body: ChatBody & EmbeddingBody;
  headers: IncomingMessage['headers'];
}

interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string };
}

interface EmbeddingBody {
  input?: string | string[];
  encoding_format?: 'float' | 'base64';
}

export interface OpenAiLoopbackServer {
  /** Base URL for the client, ending in /v1. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Scripted responses, used one per request in order; when empty the server answers normally. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Drops the scripted responses not used yet, so one test's script never reaches the next test. */
  discardScripted(): void;
  /** How normal answers are made (default: "echo: " + the last user message). */
  reply: (body: ChatBody) => string;
  /**
   * A script chosen by the request itself, ahead of the queue (e.g. by the phase a prompt names),
   * for tests whose calls interleave with others (embeddings) in an order they do not control.
   */
  scriptFor?: (request: RecordedRequest) => ScriptedResponse | undefined;
  requestCount(path?: string): number;
  close(): Promise<void>;
}

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startOpenAiLoopbackServer(): Promise<OpenAiLoopbackServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  let completionId = 0;
  const pending = new Set<NodeJS.Timeout>();
  const state: OpenAiLoopbackServer = {
    baseUrl: '',
    requests,
    enqueue: (...responses) => void queue.push(...responses),
    discardScripted: () => void queue.splice(0),
    reply: (body) => `echo: ${[...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? ''}`,
    requestCount: (path) => (path ? requests.filter((r) => r.path.endsWith(path)).length : requests.length),
    close: () => {
      for (const timer of pending) clearTimeout(timer);
      return close(server);
    },
  };

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      let body: ChatBody & EmbeddingBody = {};
      try {
        body = parts.length > 0 ? (JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatBody & EmbeddingBody) : {};
      } catch {
        return send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
      }
      const path = (req.url ?? '').split('?')[0];
      const recorded = { path, body, headers: req.headers };
      requests.push(recorded);
      const script = state.scriptFor?.(recorded) ?? queue.shift() ?? {};
      const respond = () => {
        if (res.destroyed) return;
        if (script.status !== undefined && script.status >= 400) {
          return send(
            res,
            script.status,
            script.body ?? { error: { message: `scripted ${script.status}`, type: 'server_error' } },
            script.headers,
          );
        }
        if (script.stallBody) {
          const text = JSON.stringify({ id: 'chatcmpl-stalled', object: 'chat.completion', choices: [] });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          return void res.write(text.slice(0, text.length >> 1));
        }
        if (script.malformed) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"id": "chatcmpl-broken", "choices": [');
        }
        if (path.endsWith('/chat/completions')) return chat(res, body, script, `chatcmpl-${++completionId}`);
        if (path.endsWith('/embeddings')) return embeddings(res, body, script);
        send(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
      };
      if (script.delayMs) {
        const timer = setTimeout(() => (pending.delete(timer), respond()), script.delayMs);
        pending.add(timer);
      } else respond();
    });
  });

  function chat(res: ServerResponse, body: ChatBody, script: ScriptedResponse, id: string): void {
    const content = script.content ?? state.reply(body);
    const promptText = (body.messages ?? []).map((m) => m.content).join('\n');
    const usage = script.usage ?? { prompt_tokens: tokensOf(promptText), completion_tokens: tokensOf(content) };
    const base = { id, created: 1_700_000_000, model: body.model ?? 'loopback' };
    if (!body.stream) {
      return send(
        res,
        200,
        {
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        },
        script.headers,
      );
    }
    const chunks = script.chunks ?? content.match(/\S+\s*|\s+/g) ?? [];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...script.headers });
    const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, string>, finish: string | null) =>
      event({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
    chunk({ role: 'assistant', content: '' }, null);
    for (const [index, text] of chunks.entries()) {
      if (script.truncateAfterChunks !== undefined && index >= script.truncateAfterChunks) {
        // Cut the connection mid-answer, as a crashing proxy would, once what was sent has left.
        res.write('', () => res.socket?.destroy());
        return;
      }
      chunk({ content: text }, null);
    }
    chunk({}, 'stop');
    if (body.stream_options?.include_usage) {
      event({
        ...base,
        object: 'chat.completion.chunk',
        choices: [],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }
    res.end('data: [DONE]\n\n');
  }

  function embeddings(res: ServerResponse, body: EmbeddingBody, script: ScriptedResponse): void {
    const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
    const data = inputs.map((text, index) => {
      const vector = loopbackVector(text);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const promptTokens = inputs.reduce((sum, text) => sum + tokensOf(text), 0);
    send(
      res,
      200,
      { object: 'list', model: 'loopback-embedding', data, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
      script.headers,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, { baseUrl: `http://127.0.0.1:${port}/v1` });
  return state;
}

/** A fixed 8-dimensional vector per text, so tests can check which server produced an embedding. */
export function loopbackVector(text: string): number[] {
  const vector = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % 8] += text.charCodeAt(i) / 1000;
  return vector;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/**
 * The environment that makes an app's gateway use the loopback server alone (chat and embeddings),
 * with no offline fallback and no retries: set it before the app starts, which is when the gateway
 * reads its providers.
 */
export const loopbackProviderEnv = (baseUrl: string): Record<string, string> => ({
  LLM_1_NAME: 'loopback',
  LLM_1_BASE_URL: baseUrl,
  LLM_1_MODEL: 'bench-model',
  LLM_1_EMBEDDING_MODEL: 'bench-embedding',
  LLM_OFFLINE_FALLBACK: 'false',
  LLM_MAX_RETRIES: '0',
});
