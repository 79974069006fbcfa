import type { ChatMessage } from '../../platform/llm/index.js';
import type { ActiveConversation } from '../domain/conversation.state.js';
import type { Participant } from '../domain/conversation.types.js';

/** Used when the agent's definition is not in the registry (yet): the member's role still frames the answer. */
export function fallbackPersona(agent: Participant): string {
  return `You are ${agent.displayName}, the squad's ${agent.role.replace(/_/g, ' ')}. Answer your teammates' questions directly and concisely.`;
}

/**
 * What the model sees: the agent's persona as the system prompt, then the thread in order — the
 * asker's and other people's messages as `user`, the agent's own as `assistant` — ending with the
 * question restated, so the last user turn is what must be answered. Automatic notices are left out.
 */
export function agentPrompt(persona: string, agent: Participant, conversation: ActiveConversation): ChatMessage[] {
  const names = new Map<string, string>([[conversation.asker.memberId, conversation.asker.displayName]]);
  for (const step of conversation.chain) for (const responder of step.responders) names.set(responder.memberId, responder.displayName);
  const [question, ...rest] = conversation.messages;
  const thread: ChatMessage[] = rest
    .filter((message) => message.kind === 'answer' || message.kind === 'cant_help')
    .map((message) =>
      message.authorMemberId === agent.memberId
        ? { role: 'assistant', content: message.text }
        : { role: 'user', content: `${names.get(message.authorMemberId ?? '') ?? 'A teammate'}: ${message.text}` },
    );
  const ask = `${conversation.asker.displayName} (${conversation.asker.role}) asks a "${conversation.questionType}" question:\n${question.text}`;
  return [{ role: 'system', content: persona }, ...thread, { role: 'user', content: ask }];
}
