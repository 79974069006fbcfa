import { type JsonObject, type JsonValue, isJsonObject, jsonEquals } from './json.js';

/**
 * A JSON filter over an event payload. Each key is a dotted path into the payload (`build.env`,
 * `devices.0.id`: a numeric segment indexes an array); every entry must hold (AND).
 *
 * The value is either a literal — the payload value must equal it (deep equality, key order
 * ignored) — or an operator object whose keys all start with `$`:
 *   `$eq` / `$ne`    equal / not equal (deep)
 *   `$in` / `$nin`   equal to one of / none of an array of values
 *   `$exists`        `true`: the path is present (even if `null`); `false`: it is absent
 *   `$gt` `$gte` `$lt` `$lte`   numeric or string comparison; false when types differ
 * Several operators in one object must all hold. An empty filter matches every payload.
 * A literal that is itself an object whose keys start with `$` cannot be expressed; use `$eq`.
 */
export type TriggerFilter = JsonObject;

export const FILTER_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$exists', '$gt', '$gte', '$lt', '$lte'] as const;
type Operator = (typeof FILTER_OPERATORS)[number];

const MISSING = Symbol('missing');

export function matchesFilter(filter: TriggerFilter | undefined, payload: unknown): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([path, condition]) => holds(condition, valueAt(payload, path)));
}

/** Problems with a filter, each as [path relative to the filter, message]; empty when valid. */
export function filterProblems(filter: JsonObject): [string, string][] {
  const problems: [string, string][] = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path.length === 0 || path.split('.').some((segment) => segment.length === 0)) {
      problems.push([path, 'a filter path is dot-separated non-empty segments']);
    }
    if (!isOperatorObject(condition)) continue;
    for (const [operator, operand] of Object.entries(condition)) {
      const where = `${path}.${operator}`;
      if (!(FILTER_OPERATORS as readonly string[]).includes(operator)) {
        problems.push([where, `unknown operator; use one of ${FILTER_OPERATORS.join(', ')}`]);
      } else if ((operator === '$in' || operator === '$nin') && !Array.isArray(operand)) {
        problems.push([where, 'needs an array of values']);
      } else if (operator === '$exists' && typeof operand !== 'boolean') {
        problems.push([where, 'needs true or false']);
      } else if (['$gt', '$gte', '$lt', '$lte'].includes(operator) && typeof operand !== 'number' && typeof operand !== 'string') {
        problems.push([where, 'needs a number or a string']);
      }
    }
  }
  return problems;
}

function isOperatorObject(condition: JsonValue): condition is JsonObject {
  return isJsonObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((key) => key.startsWith('$'));
}

function holds(condition: JsonValue, actual: unknown): boolean {
  if (!isOperatorObject(condition)) return actual !== MISSING && jsonEquals(actual, condition);
  return Object.entries(condition).every(([operator, operand]) => applies(operator as Operator, operand, actual));
}

function applies(operator: Operator, operand: JsonValue, actual: unknown): boolean {
  switch (operator) {
    case '$exists':
      return (actual !== MISSING) === operand;
    case '$eq':
      return actual !== MISSING && jsonEquals(actual, operand);
    case '$ne':
      return actual === MISSING || !jsonEquals(actual, operand);
    case '$in':
      return actual !== MISSING && Array.isArray(operand) && operand.some((candidate) => jsonEquals(actual, candidate));
    case '$nin':
      return actual === MISSING || (Array.isArray(operand) && !operand.some((candidate) => jsonEquals(actual, candidate)));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return compares(operator, actual, operand);
  }
}

function compares(operator: '$gt' | '$gte' | '$lt' | '$lte', actual: unknown, operand: JsonValue): boolean {
  const comparable =
    (typeof actual === 'number' && typeof operand === 'number') || (typeof actual === 'string' && typeof operand === 'string');
  if (!comparable) return false;
  const [a, b] = [actual as number | string, operand as number | string];
  if (operator === '$gt') return a > b;
  if (operator === '$gte') return a >= b;
  if (operator === '$lt') return a < b;
  return a <= b;
}

function valueAt(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment) && Number(segment) < current.length) current = current[Number(segment)];
    else if (isJsonObject(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return MISSING;
  }
  return current;
}
