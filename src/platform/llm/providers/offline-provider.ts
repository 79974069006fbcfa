import { OFFLINE_EMBEDDING_MODEL, OFFLINE_MODEL, OFFLINE_PROVIDER, offlineAnswer } from '../offline/offline-model.js';
import { offlineEmbedding } from '../offline/offline-embedding.js';
import {
  type LlmProvider,
  type ProviderCallOptions,
  type ProviderChatRequest,
  type ProviderCompletion,
  type ProviderEmbedding,
  type ProviderStreamPart,
  estimateMessagesTokens,
  estimateTokens,
} from './llm-provider.js';
import { ProviderFailure } from './provider-failure.js';

/** The offline model as a link of the chain, so it is cached, accounted and streamed like any provider. */
export class OfflineProvider implements LlmProvider {
  readonly name = OFFLINE_PROVIDER;
  readonly model = OFFLINE_MODEL;
  readonly embeddingModel = OFFLINE_EMBEDDING_MODEL;
  readonly offline = true;
  readonly pricing = { priceIn: 0, priceOut: 0 };
  readonly limits = { rpm: undefined, tpm: undefined };

  async complete(request: ProviderChatRequest, options: ProviderCallOptions): Promise<ProviderCompletion> {
    this.throwIfAborted(options);
    const text = offlineAnswer(request.purpose, request.messages, request.schema?.schema);
    return { text, inputTokens: estimateMessagesTokens(request.messages), outputTokens: estimateTokens(text) };
  }

  async *stream(request: ProviderChatRequest, options: ProviderCallOptions): AsyncIterable<ProviderStreamPart> {
    const { text, inputTokens, outputTokens } = await this.complete(request, options);
    // Word by word, keeping the spaces, so a client shows it arriving as it would from a real model.
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      this.throwIfAborted(options);
      yield { text: piece };
    }
    yield { usage: { inputTokens, outputTokens } };
  }

  async embed(input: readonly string[], options: ProviderCallOptions): Promise<ProviderEmbedding> {
    this.throwIfAborted(options);
    return {
      vectors: input.map((text) => offlineEmbedding(text)),
      inputTokens: input.reduce((sum, text) => sum + estimateTokens(text), 0),
    };
  }

  private throwIfAborted(options: ProviderCallOptions): void {
    if (options.signal?.aborted) throw new ProviderFailure('aborted', 'offline: the call was aborted');
  }
}
