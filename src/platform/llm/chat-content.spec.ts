import { messageImages, messageText } from './chat-content.js';
import { openAiMessage } from './providers/openai-provider.js';
import { estimateMessagesTokens, IMAGE_TOKENS } from './providers/llm-provider.js';

const parts = [
  { type: 'text' as const, text: 'What does this screenshot show?' },
  { type: 'image' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' },
  { type: 'text' as const, text: 'It is from the router.' },
];

describe('message content parts', () => {
  it('reads the text of a string and of parts, images left out', () => {
    expect(messageText('plain')).toBe('plain');
    expect(messageText(parts)).toBe('What does this screenshot show?\n\nIt is from the router.');
    expect(messageImages(parts)).toEqual([parts[1]]);
    expect(messageImages('plain')).toEqual([]);
  });

  it('sends a user message with an image as OpenAI content parts with a data URL', () => {
    expect(openAiMessage({ role: 'user', content: parts })).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What does this screenshot show?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'text', text: 'It is from the router.' },
      ],
    });
  });

  it('sends text-only and non-user messages as plain strings (the chat format allows images from the user only)', () => {
    expect(openAiMessage({ role: 'user', content: 'hello' })).toEqual({ role: 'user', content: 'hello' });
    expect(openAiMessage({ role: 'system', content: parts })).toEqual({
      role: 'system',
      content: 'What does this screenshot show?\n\nIt is from the router.',
    });
  });

  it('counts an image in the token estimate used by rate limits', () => {
    const withImage = estimateMessagesTokens([{ role: 'user', content: parts }]);
    const textOnly = estimateMessagesTokens([{ role: 'user', content: messageText(parts) }]);
    expect(withImage - textOnly).toBe(IMAGE_TOKENS);
  });
});
