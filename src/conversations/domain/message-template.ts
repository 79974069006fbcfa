/**
 * Fills a squad message template. Placeholders are routing's (`{asker}`, `{responder}`,
 * `{questionType}`, `{level}`, `{nextResponder}`, `{timeoutMinutes}`); routing validates the
 * templates when they are set. Kept here, not imported, so the domain stays free of Nest modules.
 */
export type TemplateValues = Partial<
  Record<'asker' | 'responder' | 'questionType' | 'level' | 'nextResponder' | 'timeoutMinutes', string | number>
>;

export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const value = values[name as keyof TemplateValues];
    return value === undefined ? whole : String(value);
  });
}

export function names(participants: readonly { displayName: string }[]): string {
  return participants.map((participant) => participant.displayName).join(', ');
}

export function minutes(ms: number): number {
  return Math.round((ms / 60_000) * 10) / 10;
}
