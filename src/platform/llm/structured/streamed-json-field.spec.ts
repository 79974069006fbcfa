import { StreamedJsonField } from './streamed-json-field.js';

const readAll = (chunks: string[], field = 'message') => {
  const reader = new StreamedJsonField(field);
  return chunks.map((chunk) => reader.push(chunk));
};

describe('StreamedJsonField', () => {
  it('gives the field’s text as it arrives, chunk by chunk', () => {
    expect(readAll(['{"mess', 'age": "Hel', 'lo wor', 'ld", "proposal": null}'])).toEqual(['', 'Hel', 'lo wor', 'ld']);
  });

  it('decodes escapes, also when one is split across chunks', () => {
    expect(readAll(['{"message":"a\\', 'nb \\"q\\" \\u00', 'e9!"}']).join('')).toBe('a\nb "q" é!');
  });

  it('ignores the rest of the JSON and other fields', () => {
    expect(readAll(['{"proposal": "x", "message": "only this", "question": {"text": "no"}}']).join('')).toBe('only this');
  });

  it('gives nothing when the field never comes', () => {
    expect(readAll(['{"votes": []}']).join('')).toBe('');
  });
});
