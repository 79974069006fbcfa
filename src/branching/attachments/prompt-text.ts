import { EXTRACTED_TEXT_CAP, PROMPT_TEXT_CAP } from './attachment-limits.js';

/** The extracted text kept with the file: whole up to EXTRACTED_TEXT_CAP characters. */
export function capExtracted(text: string): { text: string; cut: boolean } {
  return text.length <= EXTRACTED_TEXT_CAP ? { text, cut: false } : { text: text.slice(0, EXTRACTED_TEXT_CAP), cut: true };
}

/** Whether a text is too long to go into a prompt whole, and so is summarized. */
export function needsSummary(extracted: string): boolean {
  return extracted.length > PROMPT_TEXT_CAP;
}

/**
 * What a prompt carries for a text: the text itself when it fits; otherwise the summary (when there
 * is one) and the beginning of the text, with a line that says it was cut — never silently cut.
 */
export function promptTextOf(extracted: string, summary: string | undefined, extractionCut: boolean): { text: string; truncated: boolean } {
  if (!needsSummary(extracted) && !extractionCut) return { text: extracted, truncated: false };
  const head = [
    ...(summary ? [`Summary: ${summary}`, ''] : []),
    `Beginning of the file (the rest is cut; ${extractionCut ? `over ${extracted.length}` : extracted.length} characters in all):`,
    '',
  ].join('\n');
  const room = Math.max(0, PROMPT_TEXT_CAP - head.length - 1);
  return { text: `${head}${extracted.slice(0, room)}…`.slice(0, PROMPT_TEXT_CAP), truncated: true };
}
