/**
 * Starts an app with these LLM settings in the environment, then restores it: the gateway reads its
 * providers from the environment when the app starts, so each app keeps the ones it was started with.
 */
export async function withLlmEnv<T>(env: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await start();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * The loopback server as the app's only model: no offline fallback, no retries, a circuit that never
 * opens, so a test sees exactly the calls and failures it scripted.
 */
export const loopbackModelEnv = (baseUrl: string, model: string): Record<string, string> => ({
  LLM_1_NAME: 'loopback',
  LLM_1_BASE_URL: baseUrl,
  LLM_1_MODEL: model,
  LLM_OFFLINE_FALLBACK: 'false',
  LLM_MAX_RETRIES: '0',
  LLM_CIRCUIT_FAILURES: '1000',
});
