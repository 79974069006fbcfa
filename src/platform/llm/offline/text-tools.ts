/** Small, deterministic text helpers for the offline model. No locale, clock or randomness. */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this to too us was we were what ' +
    'when where which who why will with would you your yes also just about after before again any all some more most ' +
    'other such only own same very should here please thanks thank hello hi okay ok back now still keeps keep got get'
  ).split(' '),
);

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lower-case word tokens (letters, digits, inner apostrophes and hyphens). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

export function keywords(text: string): string[] {
  return words(text).filter((word) => word.length > 2 && !STOP_WORDS.has(word));
}

/** Sentences of a text; list items and lines count as sentences of their own. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u))
    .map(normalizeSpace)
    .filter((sentence) => sentence.length > 0);
}

/** Cuts at a word boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

export function withoutFinalPunctuation(text: string): string {
  return text.replace(/[\s.!?;:,]+$/, '');
}

/** Term frequencies over a set of texts, the basis of extractive summaries. */
export function termFrequencies(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of keywords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The most frequent keywords, ties broken alphabetically so the order is stable. */
export function topKeywords(texts: readonly string[], count: number): string[] {
  return [...termFrequencies(texts).entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([word]) => word);
}

/** FNV-1a, 32 bits: a stable hash with no dependency, good enough to spread features. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
