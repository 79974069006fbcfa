import { Injectable } from '@nestjs/common';
import { LlmBudgetExceededError } from './budget/llm-budget-exceeded.error.js';
import { LlmUnavailableError } from './llm.errors.js';
import { LlmGateway } from './llm-gateway.js';
import { LlmPurposes } from './llm.types.js';
import { offlineEmbedding } from './offline/offline-embedding.js';
import { OFFLINE_EMBEDDING_MODEL } from './offline/offline-model.js';

export interface Embedding {
  model: string;
  /** Unit length, so a dot product is the cosine similarity. */
  vector: number[];
}

/** A unit vector (or the zero vector): the dot product of two is their cosine similarity. */
export function unitVector(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? [...vector] : vector.map((x) => x / norm);
}

/**
 * Embeddings through the gateway (its first provider with an embedding model, the offline hashed
 * embedding at the end of the chain). When no provider can serve (unavailable, over budget) the
 * offline embedding is computed here: writing and searching never fail for want of a model, and
 * vectors carry their model so only like is compared with like. Modules that search by meaning
 * (the knowledge base, the learning records) provide it or a subclass of it.
 */
@Injectable()
export class TextEmbedder {
  constructor(private readonly llm: LlmGateway) {}

  async embed(tenantId: string, text: string): Promise<Embedding> {
    try {
      // Not cached: query texts rarely repeat, and a cache miss costs a write.
      const { vectors, model } = await this.llm.embed({ tenantId, purpose: LlmPurposes.embed, input: [text] });
      return { model, vector: unitVector(vectors[0]) };
    } catch (error) {
      if (!(error instanceof LlmUnavailableError) && !(error instanceof LlmBudgetExceededError)) throw error;
      return { model: OFFLINE_EMBEDDING_MODEL, vector: offlineEmbedding(text) };
    }
  }
}
