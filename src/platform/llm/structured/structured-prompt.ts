import type { ChatMessage, JsonSchema } from '../llm.types.js';

/**
 * The instruction that goes with every structured call. Providers with native structured output
 * also get the schema in response_format; saying it in the prompt too is what makes json_object
 * and prompt-only providers (older Ollama, LM Studio models) answer in shape.
 */
export function withSchemaInstruction(messages: readonly ChatMessage[], schema: JsonSchema): ChatMessage[] {
  const instruction: ChatMessage = {
    role: 'system',
    content: `Answer with a single JSON value that matches this JSON schema, and nothing else (no prose, no Markdown):\n${JSON.stringify(schema)}`,
  };
  return [instruction, ...messages];
}

/** The one repair attempt: show the model its answer and what is wrong with it. */
export function repairMessages(messages: readonly ChatMessage[], answer: string, errors: readonly string[]): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: answer },
    {
      role: 'user',
      content: `That answer does not match the JSON schema: ${errors.join('; ')}. Reply with the corrected JSON only.`,
    },
  ];
}

export function schemaName(name: string | undefined): string {
  // OpenAI accepts [a-zA-Z0-9_-]{1,64}.
  return (name ?? 'answer').replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'answer';
}
