import type { ChatContentPart, ChatMessage } from './llm.types.js';

/** The text of a message: its string, or its text parts joined by blank lines (images carry none). */
export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .filter((part): part is Extract<ChatContentPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n\n');
}

/** The image parts of a message, in order. */
export function messageImages(content: ChatMessage['content']): Array<Extract<ChatContentPart, { type: 'image' }>> {
  if (typeof content === 'string') return [];
  return content.filter((part): part is Extract<ChatContentPart, { type: 'image' }> => part.type === 'image');
}
