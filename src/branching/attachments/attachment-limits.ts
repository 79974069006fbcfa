/**
 * The limits of attachment intake, in one place so the endpoint documents what the service enforces.
 *
 * - `ATTACHMENT_MAX_BYTES` (env, default 10 MiB): the largest file accepted; one byte more is a 413.
 * - Extracted text is kept up to EXTRACTED_TEXT_CAP characters (a 10 MiB log would not fit a prompt
 *   anyway, and the bytes are kept whole).
 * - What goes into a prompt is at most PROMPT_TEXT_CAP characters (≈ 2,000 tokens): the text itself
 *   when it is short; otherwise a model summary followed by the beginning of the text, marked as cut.
 * - The summary reads at most SUMMARY_INPUT_CAP characters of the text.
 */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const EXTRACTED_TEXT_CAP = 200_000;
export const PROMPT_TEXT_CAP = 8_000;
export const SUMMARY_INPUT_CAP = 24_000;
/** How many attachments one prompt may carry (the branching message takes at most 10 ids). */
export const MAX_ATTACHMENTS_PER_PROMPT = 10;

export type AttachmentKind = 'text' | 'pdf' | 'image';

/** Every accepted media type and how it is read. Logs come as text/plain or text/x-log. */
export const ATTACHMENT_CONTENT_TYPES = {
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/x-log': 'text',
  'text/csv': 'text',
  'application/json': 'text',
  'application/pdf': 'pdf',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
} as const satisfies Record<string, AttachmentKind>;

export type AttachmentContentType = keyof typeof ATTACHMENT_CONTENT_TYPES;

export const ACCEPTED_ATTACHMENT_TYPES: readonly string[] = Object.keys(ATTACHMENT_CONTENT_TYPES);

export function isAttachmentContentType(type: string): type is AttachmentContentType {
  return Object.hasOwn(ATTACHMENT_CONTENT_TYPES, type);
}

/** ATTACHMENT_MAX_BYTES from the environment: a positive integer, or the default. */
export function attachmentMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ATTACHMENT_MAX_BYTES;
  if (raw === undefined || raw === '') return DEFAULT_ATTACHMENT_MAX_BYTES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`ATTACHMENT_MAX_BYTES must be a positive integer, not ${raw}`);
  return value;
}
