import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, signInToDashboard } from '../../bench/support/chromium.js';

/** One headless browser per test file. */
export const launchBrowser = launchChromium;

/** A context at the size people use (1280×800) that fails the test on a CSP violation or page error. */
export async function openContext(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

export const signIn = signInToDashboard;

const IMAGES = new URL('../../docs/images/', import.meta.url);

/** A screenshot for the README, written where it is committed. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, IMAGES).pathname, fullPage: false });
}
