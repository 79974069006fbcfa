import { LlmConfigError, parseLlmSettings } from './llm-config.js';

describe('parseLlmSettings', () => {
  it('with no provider variables, the chain is the offline model alone, with defaults', () => {
    const settings = parseLlmSettings({});
    expect(settings.providers).toEqual([]);
    expect(settings.offlineFallback).toBe(true);
    expect(settings).toMatchObject({ timeoutMs: 30_000, maxRetries: 2, circuitFailures: 3, cacheTtlSeconds: 86_400 });
  });

  it('reads numbered providers in order, with prices, limits and defaults', () => {
    const settings = parseLlmSettings({
      LLM_2_BASE_URL: 'http://localhost:11434/v1/',
      LLM_2_MODEL: 'llama3.1',
      LLM_1_NAME: 'openai',
      LLM_1_BASE_URL: 'https://api.openai.com/v1',
      LLM_1_API_KEY: 'sk-test',
      LLM_1_MODEL: 'gpt-4o-mini',
      LLM_1_EMBEDDING_MODEL: 'text-embedding-3-small',
      LLM_1_PRICE_IN: '0.00015',
      LLM_1_PRICE_OUT: '0.0006',
      LLM_1_RPM: '500',
      LLM_1_TPM: '200000',
      LLM_TIMEOUT_MS: '5000',
    });
    expect(settings.providers).toEqual([
      {
        name: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'sk-test',
        model: 'gpt-4o-mini',
        embeddingModel: 'text-embedding-3-small',
        priceIn: 0.00015,
        priceOut: 0.0006,
        rpm: 500,
        tpm: 200000,
        jsonMode: 'json_schema',
      },
      {
        name: 'localhost:11434',
        baseUrl: 'http://localhost:11434/v1',
        apiKey: 'not-needed',
        model: 'llama3.1',
        embeddingModel: undefined,
        priceIn: 0,
        priceOut: 0,
        rpm: undefined,
        tpm: undefined,
        jsonMode: 'json_schema',
      },
    ]);
    expect(settings.timeoutMs).toBe(5000);
  });

  it('ignores empty variables, as docker-compose passes unset ones', () => {
    expect(parseLlmSettings({ LLM_1_BASE_URL: '', LLM_1_MODEL: ' ' }).providers).toEqual([]);
  });

  it.each([
    [{ LLM_1_MODEL: 'm' }, /LLM_1_BASE_URL is required/],
    [{ LLM_1_BASE_URL: 'http://x' }, /LLM_1_MODEL is required/],
    [{ LLM_1_BASE_URL: 'ftp://x', LLM_1_MODEL: 'm' }, /http\(s\) URL/],
    [{ LLM_1_BASE_URL: 'not a url', LLM_1_MODEL: 'm' }, /http\(s\) URL/],
    [{ LLM_1_BASE_URL: 'http://x', LLM_1_MODEL: 'm', LLM_1_RPM: '0' }, /LLM_1_RPM must be an integer ≥ 1/],
    [{ LLM_1_BASE_URL: 'http://x', LLM_1_MODEL: 'm', LLM_1_PRICE_IN: '-1' }, /LLM_1_PRICE_IN/],
    [{ LLM_1_BASE_URL: 'http://x', LLM_1_MODEL: 'm', LLM_1_JSON_MODE: 'xml' }, /LLM_1_JSON_MODE/],
    [{ LLM_1_BASE_URL: 'http://x', LLM_1_MODEL: 'm', LLM_1_MODLE: 'typo' }, /LLM_1_MODLE is not a provider setting/],
    [{ LLM_2_BASE_URL: 'http://x', LLM_2_MODEL: 'm' }, /without gaps/],
    [{ LLM_1_BASE_URL: 'http://x', LLM_1_MODEL: 'a', LLM_2_BASE_URL: 'http://x', LLM_2_MODEL: 'b' }, /two LLM providers are named "x"/],
    [{ LLM_OFFLINE_FALLBACK: 'false' }, /needs at least one provider/],
    [{ LLM_OFFLINE_FALLBACK: 'maybe' }, /true or false/],
    [{ LLM_TIMEOUT_MS: '0' }, /LLM_TIMEOUT_MS/],
  ])('refuses %j', (env, message) => {
    expect(() => parseLlmSettings(env)).toThrow(LlmConfigError);
    expect(() => parseLlmSettings(env)).toThrow(message);
  });
});
