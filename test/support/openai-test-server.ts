/**
 * The OpenAI-speaking loopback server for tests. It lives in bench/support because the benchmark
 * (compiled without test/) uses it too.
 */
export {
  type OpenAiLoopbackServer as OpenAiTestServer,
  type RecordedRequest,
  type ScriptedResponse,
  loopbackVector,
  startOpenAiLoopbackServer as startOpenAiTestServer,
} from '../../bench/support/openai-loopback-server.js';
