import { MAX_JSON_DEPTH, inspectJson } from './json-inspection.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { inner: value };
  return value;
};

describe('inspectJson', () => {
  it('accepts ordinary data, including nulls and paired surrogates (emoji)', () => {
    expect(inspectJson({ name: 'Squad 🚀', list: [1, null, { ok: true }], depth: nested(MAX_JSON_DEPTH - 1) })).toEqual([]);
  });

  it('names every field that holds a NUL or an unpaired surrogate, keys included', () => {
    const errors = inspectJson({ name: 'a\u0000b', members: [{ role: 'x\ud800' }], ['k\u0000']: 1, low: '\udc00x' });
    expect(errors.map((error) => error.field).sort()).toEqual(['"k\\u0000"', 'low', 'members.0.role', 'name']);
  });

  it('refuses prototype keys at every depth', () => {
    const body = JSON.parse('{"a": {"b": [{"__proto__": {"x": 1}}]}, "constructor": 1, "c": {"prototype": 2}}');
    expect(
      inspectJson(body)
        .map((error) => error.field)
        .sort(),
    ).toEqual(['a.b.0.__proto__', 'c.prototype', 'constructor']);
  });

  it('refuses nesting deeper than the limit without recursing (10,000 levels)', () => {
    const [error] = inspectJson(nested(10_000));
    expect(error.messages).toEqual([`nests deeper than ${MAX_JSON_DEPTH} levels`]);
    expect(inspectJson(nested(MAX_JSON_DEPTH + 1))).toHaveLength(1);
  });
});
