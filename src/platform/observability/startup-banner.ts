export interface StartupBannerFacts {
  url: string;
  docsUrl: string;
  /** The built-in dashboard, when it is built. */
  dashboardUrl?: string;
  database: string;
  /** Where e-mail goes: the SMTP server with its credentials masked, or the outbox only. */
  email?: string;
  /** Shown only on the start that created it. */
  adminKey?: string;
}

/**
 * The last lines of a start on a terminal. The key stands on a line of its own that pastes into a
 * shell unchanged (`export KEY=…`), so the README's walk-through continues with `$KEY`.
 */
export function startupBanner(facts: StartupBannerFacts): string {
  const lines = ['', `Agent Squad listening on ${facts.url}`];
  if (facts.dashboardUrl) lines.push(`  dashboard: ${facts.dashboardUrl}`);
  lines.push(`  API docs:  ${facts.docsUrl}`, `  database:  ${facts.database}`);
  if (facts.email) lines.push(`  e-mail:    ${facts.email}`);
  if (facts.adminKey) {
    lines.push('', 'Admin API key of the demo organization, shown only this once (paste it into your shell):', keyLine(facts.adminKey));
  }
  return `${lines.join('\n')}\n\n`;
}

/** `export KEY=ask_…`: API keys are [A-Za-z0-9_-], so no quoting is needed. */
export function keyLine(key: string, variable = 'KEY'): string {
  return `export ${variable}=${key}`;
}
