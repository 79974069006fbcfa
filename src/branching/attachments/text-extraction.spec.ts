import { readFileSync } from 'node:fs';
import { AttachmentUnreadableError } from './attachment.errors.js';
import { decodeText, extractPdf, extractTextFile } from './text-extraction.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/attachments/${name}`, import.meta.url)));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('text extraction', () => {
  it('reads plain text, Markdown, logs and CSV as they are, with CRLF made LF and the BOM dropped', () => {
    expect(extractTextFile(bytes('\uFEFFline 1\r\nline 2\rline 3'), 'text/plain')).toBe('line 1\nline 2\nline 3');
    expect(extractTextFile(bytes('# Title\n\n- item'), 'text/markdown')).toBe('# Title\n\n- item');
    expect(extractTextFile(bytes('2026-12-02T07:00Z ERROR dns timeout'), 'text/x-log')).toBe('2026-12-02T07:00Z ERROR dns timeout');
    expect(extractTextFile(bytes('host,status\nrouter,down\n'), 'text/csv')).toBe('host,status\nrouter,down\n');
  });

  it('validates JSON and pretty-prints it', () => {
    expect(extractTextFile(bytes('{"a":1,"b":[true,null]}'), 'application/json')).toBe(
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}',
    );
    expect(() => extractTextFile(bytes('{"a":'), 'application/json')).toThrow(AttachmentUnreadableError);
  });

  it('refuses bytes that are not UTF-8 text, or that carry NUL', () => {
    expect(() => decodeText(new Uint8Array([0xff, 0xfe, 0x41]), 'text/plain')).toThrow('is not UTF-8 text');
    expect(() => decodeText(bytes('a\u0000b'), 'text/plain')).toThrow('NUL');
  });

  it('extracts the text of a real PDF, page by page', async () => {
    await expect(extractPdf(fixture('router-notes.pdf'))).resolves.toBe(
      'Router reboot fixed the DNS timeouts.\nCheck the VPN split tunnel next.',
    );
  });

  it('refuses a file that is not a PDF, and a broken PDF', async () => {
    await expect(extractPdf(bytes('hello'))).rejects.toThrow('does not start with %PDF-');
    const broken = fixture('router-notes.pdf').subarray(0, 60);
    await expect(extractPdf(broken)).rejects.toThrow(AttachmentUnreadableError);
  });
});
