import type { ChatMessage, JsonSchema } from '../llm.types.js';
import { SchemaValidator } from '../structured/schema-validator.js';
import { offlineAnswer } from './offline-model.js';

const support: ChatMessage[] = [
  { role: 'system', content: 'You are a support agent. Be concise and never invent facts.' },
  {
    role: 'user',
    content:
      'Our VPN keeps disconnecting every 10 minutes since the update to version 4.2. Why does the VPN drop?\n' +
      'I tried restarting the laptop.\nWe also reinstalled the VPN client but it still fails.',
  },
  { role: 'assistant', content: 'Did you check the MTU setting on the router?' },
  {
    role: 'user',
    content:
      'Yes, I checked the MTU and it is 1500. Rolled back to version 4.1 and the VPN works now. The cause was a keepalive bug in 4.2.',
  },
];

const ballot: ChatMessage[] = [
  { role: 'system', content: 'Vote on the best next step.' },
  {
    role: 'user',
    content:
      'The database is slow under heavy write load and the disk is saturated.\nVote between:\n- add a read replica\n- upgrade the disk to faster storage\n- do nothing',
  },
];

describe('the offline model', () => {
  it('acknowledges the question it was asked', () => {
    expect(offlineAnswer('acknowledge', support)).toBe(
      'Acknowledged: you asked "Why does the VPN drop?". I have the details you gave (8 points) and will follow up here.',
    );
  });

  it('summarizes with sentences from the conversation, never from the system prompt', () => {
    const summary = offlineAnswer('summarize', support);
    expect(summary).toMatch(/^Summary: /);
    expect(summary).toContain('VPN keeps disconnecting every 10 minutes');
    expect(summary).toContain('VPN works now');
    expect(summary).not.toContain('support agent');
  });

  it('reads the text parts of a message that carries an image, as if they were its text', () => {
    const [system, first, ...rest] = support;
    const withImage: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: typeof first.content === 'string' ? first.content : '' },
        { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
      ],
    };
    expect(offlineAnswer('summarize', [system, withImage, ...rest])).toBe(offlineAnswer('summarize', support));
  });

  it('lists what was tried', () => {
    expect(offlineAnswer('attempts', support)).toBe(
      [
        'What was tried so far:',
        '- I tried restarting the laptop',
        '- We also reinstalled the VPN client but it still fails',
        '- Yes, I checked the MTU and it is 1500',
        '- Rolled back to version 4.1 and the VPN works now',
      ].join('\n'),
    );
    expect(offlineAnswer('attempts', [{ role: 'user', content: 'The printer is out of toner.' }])).toBe(
      'Nothing has been tried yet, as far as this conversation says.',
    );
  });

  it('votes for the option the discussion supports, with a reason', () => {
    expect(offlineAnswer('vote', ballot)).toBe(
      'Vote: upgrade the disk to faster storage\nReason: "upgrade the disk to faster storage" fits the discussion best: it is the option that matches what was said about disk.',
    );
  });

  it('votes for the first option, and says so, when nothing favours one; abstains without options', () => {
    const neutral: ChatMessage[] = [{ role: 'user', content: 'Options: tea, coffee' }];
    expect(offlineAnswer('vote', neutral)).toBe(
      'Vote: tea\nReason: Nothing said so far favours one option, so this vote goes to the first one listed, "tea".',
    );
    expect(offlineAnswer('vote', [{ role: 'user', content: 'What do you think?' }])).toMatch(/^Abstain/);
  });

  it('drafts a note from the facts', () => {
    const note = offlineAnswer('note', support);
    expect(note.split('\n')[0]).toBe('Note: Why does the VPN drop');
    expect(note).toContain('- The cause was a keepalive bug in 4.2');
    expect(note).not.toContain('Did you check');
  });

  it('drafts an article with problem, attempts and resolution', () => {
    const article = offlineAnswer('article', support);
    expect(article).toContain('# Why does the VPN drop');
    expect(article).toContain('## Problem\nWhy does the VPN drop?');
    expect(article).toContain('## What was tried\n- I tried restarting the laptop');
    expect(article).toContain('## Resolution\nThe cause was a keepalive bug in 4.2.');
    expect(article).toMatch(/Tags: vpn/);
  });

  it('says an unresolved problem is not resolved', () => {
    const open: ChatMessage[] = [{ role: 'user', content: 'Login fails with error 500. I cleared the cache. It still fails.' }];
    expect(offlineAnswer('article', open)).toContain('## Resolution\nNot resolved yet.');
    expect(offlineAnswer('assess', open)).toContain('Assessment: not resolved yet.');
  });

  it('replies to anything else from the context, and copes with an empty conversation', () => {
    expect(offlineAnswer('something-new', support)).toContain('Already tried: I tried restarting the laptop');
    expect(offlineAnswer('reply', [])).toBe('I have nothing to answer yet: the conversation is empty.');
  });

  it('gives the same answer to the same input, for every purpose', () => {
    for (const purpose of ['acknowledge', 'summarize', 'attempts', 'vote', 'note', 'article', 'assess', 'reply']) {
      expect(offlineAnswer(purpose, support)).toBe(offlineAnswer(purpose, structuredClone(support)));
    }
  });
});

describe('the offline model with a JSON schema', () => {
  const validator = new SchemaValidator();
  const answer = (schema: JsonSchema, messages: ChatMessage[] = support, purpose = 'assess') => {
    const text = offlineAnswer(purpose, messages, schema);
    const result = validator.validateText<Record<string, unknown>>(schema, text);
    if (!result.ok) throw new Error(`${text} breaks the schema: ${result.errors.join('; ')}`);
    return result.value;
  };

  it('fills an assessment from the context', () => {
    const value = answer({
      type: 'object',
      additionalProperties: false,
      required: ['summary', 'resolved', 'confidence', 'steps', 'status', 'title', 'attempts'],
      properties: {
        summary: { type: 'string', maxLength: 120 },
        resolved: { type: 'boolean' },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        steps: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        status: { enum: ['open', 'resolved', 'escalated'] },
        title: { type: 'string' },
        attempts: { type: 'integer', minimum: 0 },
      },
    });
    expect(value).toMatchObject({ resolved: true, status: 'resolved', title: 'Why does the VPN drop', attempts: 4, confidence: 0.5 });
    expect(value.steps).toEqual([
      'I tried restarting the laptop',
      'We also reinstalled the VPN client but it still fails',
      'Yes, I checked the MTU and it is 1500',
    ]);
    expect((value.summary as string).length).toBeLessThanOrEqual(120);
  });

  it('votes through an enum and gives the reason', () => {
    const value = answer(
      {
        type: 'object',
        required: ['choice', 'reason'],
        properties: {
          choice: { type: 'string', enum: ['add a read replica', 'upgrade the disk to faster storage', 'do nothing'] },
          reason: { type: 'string', minLength: 10 },
        },
      },
      ballot,
      'vote',
    );
    expect(value.choice).toBe('upgrade the disk to faster storage');
    expect(value.reason).toContain('disk');
  });

  it('follows $ref, anyOf, allOf, nested arrays of objects, item counts, patterns and formats', () => {
    answer({
      $defs: {
        step: { type: 'object', required: ['action', 'done'], properties: { action: { type: 'string' }, done: { type: 'boolean' } } },
      },
      type: 'object',
      required: ['steps', 'owner', 'slug', 'when', 'id', 'contact', 'priority', 'extra', 'tags', 'link'],
      properties: {
        steps: { type: 'array', items: { $ref: '#/$defs/step' }, minItems: 2 },
        owner: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 3 }] },
        slug: { type: 'string', pattern: '^[a-z0-9-]+$', maxLength: 40 },
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        contact: { type: 'string', format: 'email' },
        priority: { type: 'integer', minimum: 1, maximum: 5 },
        extra: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
            { properties: { b: { type: 'number', exclusiveMinimum: 2 } }, required: ['b'] },
          ],
        },
        tags: { type: 'array', items: { type: 'string' }, minItems: 7, uniqueItems: true },
        link: { type: ['string', 'null'], format: 'uri' },
      },
    });
  });

  it('answers non-object schemas', () => {
    for (const schema of [
      { type: 'string' },
      { type: 'array', items: { type: 'integer' } },
      { type: 'boolean' },
      { const: 'fixed' },
      { type: 'null' },
    ]) {
      answer(schema);
    }
  });

  it('gives the same JSON for the same input', () => {
    const schema = { type: 'object', properties: { summary: { type: 'string' }, id: { type: 'string', format: 'uuid' } } };
    expect(offlineAnswer('summarize', support, schema)).toBe(offlineAnswer('summarize', support, schema));
  });
});
