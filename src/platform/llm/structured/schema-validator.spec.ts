import { SchemaValidator, parseJsonAnswer } from './schema-validator.js';

describe('parseJsonAnswer', () => {
  it('reads plain JSON, fenced JSON and JSON inside a sentence', () => {
    expect(parseJsonAnswer('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonAnswer('Here you go:\n```json\n{"a": 2}\n```')).toEqual({ ok: true, value: { a: 2 } });
    expect(parseJsonAnswer('The answer is {"a": 3}.')).toEqual({ ok: true, value: { a: 3 } });
    expect(parseJsonAnswer('[1, 2]')).toEqual({ ok: true, value: [1, 2] });
  });

  it('says when there is no JSON', () => {
    expect(parseJsonAnswer('I think the answer is yes')).toEqual({ ok: false, errors: ['the answer is not JSON'] });
  });
});

describe('SchemaValidator', () => {
  const validator = new SchemaValidator();
  const schema = {
    type: 'object',
    required: ['vote'],
    properties: { vote: { enum: ['yes', 'no'] }, at: { type: 'string', format: 'date-time' } },
  };

  it('accepts a matching answer and lists what is wrong with others', () => {
    expect(validator.validateText(schema, '{"vote":"yes"}')).toEqual({ ok: true, value: { vote: 'yes' } });
    const wrong = validator.validateText(schema, '{"vote":"maybe","at":"yesterday"}');
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? [] : wrong.errors).toEqual(['/vote must be equal to one of the allowed values', '/at must match format "date-time"']);
  });

  it('refuses a schema that is not a schema', () => {
    expect(() => validator.compile({ type: 'strnig' })).toThrow();
  });
});
