import { streamId, streamTypeOf } from './stream-id.js';

describe('stream ids', () => {
  it('are built as <type>-<id> and the type is read back', () => {
    expect(streamId('conversation', '3f2a-99')).toBe('conversation-3f2a-99');
    expect(streamTypeOf('conversation-3f2a-99')).toBe('conversation');
  });

  it('refuse malformed types and ids', () => {
    expect(() => streamId('Conversation', 'x')).toThrow(/invalid stream type/);
    expect(() => streamId('conversation', '')).toThrow(/non-empty/);
    expect(() => streamTypeOf('no_dash_here')).toThrow(/stream type/);
  });
});
