/** The language-model gateway's public surface. Other modules import from here only. */
export { LlmModule } from './llm.module.js';
export { LlmGateway } from './llm-gateway.js';
export { LlmUsageService, type UsageTotals, type UsageFigures } from './usage/llm-usage.service.js';
export {
  LlmAbortedError,
  LlmStreamInterruptedError,
  LlmStructuredOutputError,
  LlmUnavailableError,
  type FailedAttempt,
} from './llm.errors.js';
export { LlmConfigError } from './llm-config.js';
export { LlmBudgetExceededError } from './budget/llm-budget-exceeded.error.js';
export type { BudgetCharge, BudgetGuard, BudgetReservation, BudgetVerdict, Spend } from './budget/budget-guard.js';
export { RESERVATION_SLACK_MS, reservationLeaseMs } from './budget/budgeted-chain.js';
export { cosineSimilarity, offlineEmbedding } from './offline/offline-embedding.js';
export { TextEmbedder, unitVector, type Embedding } from './text-embedder.js';
export { dotWithBytes, embeddingBytes } from './embedding-bytes.js';
export { OFFLINE_EMBEDDING_MODEL, OFFLINE_MODEL, OFFLINE_PROVIDER } from './offline/offline-model.js';
export { messageImages, messageText } from './chat-content.js';
export { StreamedJsonField } from './structured/streamed-json-field.js';
export * from './llm.types.js';
