import { execFileSync } from 'node:child_process';
import { type Browser, type Page, chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no bundled browser): `apt-get install -y chromium`
 * (.ci/run does it), or CHROMIUM_PATH. Here rather than in test/support because the dashboard's
 * benchmark uses it too, and bench/ is compiled by the build while test/ is not.
 */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed: apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH');
  }
}

/** A headless browser with nothing of its own on the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Signs in on the dashboard's form with an API key, as a person would, and waits for the live socket. */
export async function signInToDashboard(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.connection[data-state="live"]').waitFor({ timeout: 10_000 });
}
