import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import { AttachmentUnreadableError } from './attachment.errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 text with line ends made `\n`; a file that is not UTF-8, or carries NUL, is binary, not text. */
export function decodeText(bytes: Uint8Array, contentType: string): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AttachmentUnreadableError(contentType, 'it is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw new AttachmentUnreadableError(contentType, 'it contains NUL bytes (a binary file)');
  return text.replace(/\r\n?/g, '\n');
}

/** JSON, validated and pretty-printed so a model reads its structure. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (error) {
    throw new AttachmentUnreadableError('application/json', error instanceof Error ? error.message : 'it is not JSON');
  }
}

/** The text of a text-like file: plain, Markdown and logs as they are, CSV as it is, JSON pretty. */
export function extractTextFile(bytes: Uint8Array, contentType: string): string {
  const text = decodeText(bytes, contentType);
  return contentType === 'application/json' ? prettyJson(text) : text;
}

/**
 * The text of every page of a PDF, pages separated by blank lines. A PDF of scanned pages has no
 * text layer; that is said rather than left empty, so the model knows why there is nothing.
 */
export async function extractPdf(bytes: Uint8Array): Promise<string> {
  if (!Buffer.from(bytes.subarray(0, 5)).equals(Buffer.from('%PDF-'))) {
    throw new AttachmentUnreadableError('application/pdf', 'it does not start with %PDF-');
  }
  let pages: string[];
  try {
    // unpdf (pdf.js) takes ownership of the array it is given: hand it a copy, not the caller's bytes.
    const document = await getDocumentProxy(new Uint8Array(bytes));
    try {
      ({ text: pages } = await extractPdfText(document, { mergePages: false }));
    } finally {
      // Frees the parsed document (and pdf.js's in-process worker) instead of waiting for GC.
      await document.loadingTask.destroy();
    }
  } catch (error) {
    throw new AttachmentUnreadableError('application/pdf', error instanceof Error ? error.message : 'pdf.js could not parse it');
  }
  const text = pages
    .map((page) => page.trim())
    .filter((page) => page.length > 0)
    .join('\n\n');
  return text.length > 0 ? text : `(The PDF has ${pages.length} page(s) but no text layer; it may be scanned images.)`;
}
