import { DEFAULT_ATTACHMENT_MAX_BYTES, EXTRACTED_TEXT_CAP, PROMPT_TEXT_CAP, attachmentMaxBytes } from './attachment-limits.js';
import { capExtracted, needsSummary, promptTextOf } from './prompt-text.js';

describe('prompt text of an attachment', () => {
  it('is the text itself when it fits', () => {
    expect(promptTextOf('short log', undefined, false)).toEqual({ text: 'short log', truncated: false });
    expect(needsSummary('x'.repeat(PROMPT_TEXT_CAP))).toBe(false);
  });

  it('is the summary and the beginning, marked as cut, within the cap, when the text is long', () => {
    const long = 'y'.repeat(PROMPT_TEXT_CAP + 1);
    expect(needsSummary(long)).toBe(true);
    const { text, truncated } = promptTextOf(long, 'A router log full of y.', false);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(PROMPT_TEXT_CAP);
    expect(text).toMatch(/^Summary: A router log full of y\.\n\nBeginning of the file \(the rest is cut; 8001 characters in all\):\ny+…$/);
  });

  it('says it was cut even without a summary, and when extraction itself was capped', () => {
    expect(promptTextOf('z'.repeat(PROMPT_TEXT_CAP + 5), undefined, false).text).toMatch(/^Beginning of the file/);
    const capped = capExtracted('w'.repeat(EXTRACTED_TEXT_CAP + 1));
    expect(capped).toEqual({ text: 'w'.repeat(EXTRACTED_TEXT_CAP), cut: true });
    expect(promptTextOf('short', undefined, true)).toMatchObject({ truncated: true });
  });

  it('reads ATTACHMENT_MAX_BYTES, 10 MiB by default, and refuses nonsense', () => {
    expect(attachmentMaxBytes({})).toBe(DEFAULT_ATTACHMENT_MAX_BYTES);
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBe(10_485_760);
    expect(attachmentMaxBytes({ ATTACHMENT_MAX_BYTES: '2048' })).toBe(2048);
    expect(() => attachmentMaxBytes({ ATTACHMENT_MAX_BYTES: '-1' })).toThrow('positive integer');
  });
});
