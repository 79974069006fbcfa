import { parseUntrustedYaml } from './untrusted-yaml.js';

const refusedWith = (text: string) => {
  const result = parseUntrustedYaml(text);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value)}`);
  return result.error.messages.join(', ');
};

describe('parseUntrustedYaml', () => {
  it('reads plain data', () => {
    expect(parseUntrustedYaml('slug: a\nlist: [1, 2.5, true, null, "x"]\n')).toEqual({
      ok: true,
      value: { slug: 'a', list: [1, 2.5, true, null, 'x'] },
    });
  });

  it('refuses anchors and aliases, so no expansion bomb can be built', () => {
    expect(refusedWith('a: &x [1, 2]\nb: *x\n')).toMatch(/anchors/);
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++)
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    expect(refusedWith(bomb.join('\n'))).toMatch(/anchors|aliases/);
  });

  it('refuses custom and language tags', () => {
    expect(refusedWith('run: !!js/function "function () {}"\n')).toMatch(/tag/);
    expect(refusedWith('x: !secret value\n')).toMatch(/tag/i);
    expect(refusedWith('x: !!binary aGVsbG8=\n')).toMatch(/tag/);
  });

  it('refuses duplicate keys, several documents and malformed text, saying where', () => {
    expect(refusedWith('a: 1\na: 2\n')).toMatch(/line 2/);
    expect(refusedWith('a: 1\n---\nb: 2\n')).toMatch(/malformed YAML/);
    expect(refusedWith('a: [1, 2\n')).toMatch(/malformed YAML/);
  });

  it('applies the JSON input rules: NUL, unpaired surrogates, forbidden keys, depth', () => {
    expect(refusedWith('a: "x\\0y"\n')).toMatch(/NUL/);
    expect(refusedWith('a: "\\ud800"\n')).toMatch(/surrogate/);
    expect(refusedWith('__proto__: {polluted: true}\n')).toMatch(/not an allowed field name/);
    expect(refusedWith(`a: ${'['.repeat(100)}${']'.repeat(100)}\n`)).toMatch(/deeper than 64/);
  });

  it('never throws, even on nesting that exhausts the parser', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(parseUntrustedYaml(deep).ok).toBe(false);
  });
});
