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
