/**
 * Reads one top-level string field (e.g. `message`) out of a JSON answer while it streams, so a
 * structured reply can be shown as it is written. Push each chunk; get back the field's newly
 * decoded text. Escapes split across chunks wait for their end; the rest of the JSON is ignored.
 */
export class StreamedJsonField {
  private text = '';
  private cursor = -1;
  private closed = false;

  constructor(private readonly field: string) {}

  push(chunk: string): string {
    this.text += chunk;
    if (this.closed) return '';
    if (this.cursor < 0) {
      const start = new RegExp(`"${this.field}"\\s*:\\s*"`).exec(this.text);
      if (!start) return '';
      this.cursor = start.index + start[0].length;
    }
    let decoded = '';
    while (this.cursor < this.text.length) {
      const char = this.text[this.cursor];
      if (char === '"') {
        this.closed = true;
        break;
      }
      if (char !== '\\') {
        decoded += char;
        this.cursor++;
        continue;
      }
      const escape = this.text[this.cursor + 1];
      if (escape === undefined) break;
      if (escape === 'u') {
        const hex = this.text.slice(this.cursor + 2, this.cursor + 6);
        if (hex.length < 4) break;
        decoded += String.fromCharCode(Number.parseInt(hex, 16));
        this.cursor += 6;
        continue;
      }
      decoded += ESCAPES[escape] ?? escape;
      this.cursor += 2;
    }
    return decoded;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
