import { createHash } from 'node:crypto';
import { cacheKey, canonicalJson } from './cache-key.js';

const messages = [{ role: 'user' as const, content: 'Summarize the outage' }];

describe('cacheKey', () => {
  it('is the same for the same content, whatever the key order of the schema', () => {
    const a = cacheKey({ kind: 'chat', tenantId: 't1', messages, temperature: 0, schema: { type: 'object', required: ['x'] } });
    const b = cacheKey({ kind: 'chat', tenantId: 't1', messages, temperature: 0, schema: { required: ['x'], type: 'object' } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when anything the answer depends on differs, tenant included', () => {
    const base = { kind: 'chat' as const, tenantId: 't1', messages, temperature: 0 };
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, tenantId: 't2' }),
      cacheKey({ ...base, temperature: 0.5 }),
      cacheKey({ ...base, maxTokens: 10 }),
      cacheKey({ ...base, messages: [{ role: 'user', content: 'Summarize the outage!' }] }),
      cacheKey({ ...base, messages: [{ role: 'system', content: 'Summarize the outage' }] }),
      cacheKey({ ...base, schema: { type: 'string' } }),
      cacheKey({ kind: 'embed', tenantId: 't1', input: ['Summarize the outage'] }),
    ]);
    expect(keys.size).toBe(8);
  });

  it('ignores fields that are not content (extra properties on messages)', () => {
    const withExtra = [{ role: 'user' as const, content: 'Summarize the outage', id: 42 } as (typeof messages)[number]];
    expect(cacheKey({ kind: 'chat', tenantId: null, messages: withExtra })).toBe(cacheKey({ kind: 'chat', tenantId: null, messages }));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
  });
});

describe('cacheKey with image parts', () => {
  const image = (data: string) => [
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'Describe' },
        { type: 'image' as const, mediaType: 'image/png', data },
      ],
    },
  ];

  it('is the same for the same picture and differs for another picture or media type', () => {
    const key = (messages: Parameters<typeof cacheKey>[0] & { kind: 'chat' }) => cacheKey(messages);
    const a = key({ kind: 'chat', tenantId: 't1', messages: image('iVBORw0KGgo=') });
    expect(key({ kind: 'chat', tenantId: 't1', messages: image('iVBORw0KGgo=') })).toBe(a);
    expect(key({ kind: 'chat', tenantId: 't1', messages: image('iVBORw0KGgp=') })).not.toBe(a);
    const jpeg = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'Describe' },
          { type: 'image' as const, mediaType: 'image/jpeg', data: 'iVBORw0KGgo=' },
        ],
      },
    ];
    expect(key({ kind: 'chat', tenantId: 't1', messages: jpeg })).not.toBe(a);
  });

  it('keeps the keys of text-only messages as they were (cached answers stay valid)', () => {
    // The digest of the canonical form the key had before messages could carry parts.
    expect(cacheKey({ kind: 'chat', tenantId: 't1', messages })).toBe(
      createHash('sha256')
        .update(canonicalJson({ v: 1, kind: 'chat', tenant: 't1', messages: [{ role: 'user', content: 'Summarize the outage' }] }))
        .digest('hex'),
    );
  });
});
