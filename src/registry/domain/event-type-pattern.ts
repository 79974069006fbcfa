/**
 * Event types are dot-separated segments (`deploy.started`, `alert.blackscreen`). In a pattern,
 * `*` stands for one segment, except as the LAST segment where it stands for one or more, so
 * `deploy.*` matches `deploy.started` and `deploy.prod.failed` (everything under `deploy`) and a
 * lone `*` matches every type. `alert.*.critical` matches `alert.disk.critical` only. Matching is
 * case-sensitive and anything else is compared literally.
 */
export function matchesEventType(pattern: string, type: string): boolean {
  const wanted = pattern.split('.');
  const actual = type.split('.');
  const last = wanted.length - 1;
  if (wanted[last] === '*') {
    if (actual.length < wanted.length) return false;
  } else if (actual.length !== wanted.length) {
    return false;
  }
  return wanted.every((segment, i) => segment === '*' || segment === actual[i]);
}

const SEGMENT = /^(\*|[A-Za-z0-9_-]+)$/;

/** A pattern is valid when every segment is `*` or letters, digits, `_` and `-`. */
export function isValidEventTypePattern(pattern: string): boolean {
  return pattern.length > 0 && pattern.length <= 200 && pattern.split('.').every((segment) => SEGMENT.test(segment));
}

/** An incoming event's own type: like a pattern, without wildcards. */
export function isValidEventType(type: string): boolean {
  return isValidEventTypePattern(type) && !type.split('.').includes('*');
}
