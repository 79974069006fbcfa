import type { ChatMessage, JsonSchema } from '../llm.types.js';
import { acknowledge, article, assess, listAttempts, note, reply, summarize, vote } from './offline-answers.js';
import { discussionOutcome, discussionTurn, discussionVote } from './offline-discussion.js';
import { pipelinePhaseAnswers } from './offline-pipeline.js';
import { type PromptContext, promptContext } from './prompt-context.js';
import { schemaInstance } from './schema-instance.js';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'agent-squad-offline-1';
export const OFFLINE_EMBEDDING_MODEL = 'agent-squad-hashed-256';

const answersByPurpose: Record<string, (context: PromptContext) => string> = {
  acknowledge,
  summarize,
  attempts: listAttempts,
  vote,
  note,
  article,
  assess,
  reply,
};

/** Purposes whose JSON answer the offline model writes itself rather than fill from the schema. */
const structuredByPurpose: Record<string, (request: string) => Record<string, unknown>> = {
  discussion_turn: discussionTurn,
  discussion_vote: discussionVote,
  discussion_outcome: discussionOutcome,
  ...pipelinePhaseAnswers,
};

/**
 * The built-in model used when no provider is configured, or when every configured one failed.
 * A pure function of purpose, messages and schema: the same input always gets the same answer.
 */
export function offlineAnswer(purpose: string, messages: readonly ChatMessage[], schema?: JsonSchema): string {
  const context = promptContext(messages);
  const structured = structuredByPurpose[purpose];
  if (structured) return JSON.stringify(structured(context.request));
  if (schema) return JSON.stringify(schemaInstance(schema, context, purpose));
  return (answersByPurpose[purpose] ?? reply)(context);
}
