import { type Document, LineCounter, isAlias, isNode, parseDocument, visit } from 'yaml';
import type { FieldError } from './invalid-input.js';
import { inspectJson } from './json-inspection.js';

/** Tags a plain data document may carry (YAML 1.2 core schema); anything else is a custom tag. */
const CORE_TAGS: ReadonlySet<string> = new Set([
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
]);

export type UntrustedYamlResult = { ok: true; value: unknown } | { ok: false; error: FieldError };

function refusal(where: string, message: string): UntrustedYamlResult {
  return { ok: false, error: { field: where, messages: [message] } };
}

function whereOf(lines: LineCounter, offset: number | undefined): string {
  if (offset === undefined) return '(document)';
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

/**
 * Parses one YAML document from a client as plain data: no anchors or aliases (expansion bombs),
 * no custom or language tags (`!!js/function`, `!foo`), no duplicate keys, no warnings; then the
 * same checks as JSON bodies (depth, NUL, unpaired surrogates, forbidden keys). Never throws.
 */
export function parseUntrustedYaml(text: string): UntrustedYamlResult {
  let document: Document;
  const lines = new LineCounter();
  try {
    document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, schema: 'core', strict: true, lineCounter: lines });
  } catch (error) {
    // A pathological nesting can exhaust the parser's stack: that is malformed input, not a crash.
    return refusal('(document)', `not a YAML document this server can read: ${(error as Error).message}`);
  }
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) {
    const at = problem.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : '(document)';
    return refusal(where, `malformed YAML at ${where}: ${problem.message.split('\n')[0]}`);
  }
  let refused: UntrustedYamlResult | undefined;
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      refused = refusal(whereOf(lines, node.range?.[0]), 'anchors and aliases (&name, *name) are not accepted');
      return visit.BREAK;
    }
    if (isNode(node) && node.anchor) {
      refused = refusal(whereOf(lines, node.range?.[0]), 'anchors and aliases (&name, *name) are not accepted');
      return visit.BREAK;
    }
    if (isNode(node) && node.tag && !CORE_TAGS.has(node.tag)) {
      refused = refusal(whereOf(lines, node.range?.[0]), `the tag ${node.tag} is not accepted`);
      return visit.BREAK;
    }
    return undefined;
  });
  if (refused) return refused;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return refusal('(document)', `not a YAML document this server can read: ${(error as Error).message}`);
  }
  const [unsafe] = inspectJson(value);
  return unsafe ? { ok: false, error: unsafe } : { ok: true, value };
}
