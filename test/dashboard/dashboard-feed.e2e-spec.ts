// Page scripts (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { RealtimeGateway } from '../../src/platform/realtime/realtime.gateway.js';
import { call, createTenant, type TestTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { sleep } from '../support/until.js';
import { launchBrowser, openContext, screenshot, signIn } from './browser.js';

/**
 * The dashboard as a person uses it, in a real Chromium: served by the app under its own CSP,
 * signed in with a key, the live feed, a dropped socket that catches up, and a wrong key.
 */
describe('dashboard: sign-in and the live event feed', () => {
  let subject: TestApp;
  let browser: Browser;
  let tenant: TestTenant;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    tenant = await createTenant(subject.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await subject?.close();
  });

  const publish = async (type: string, payload: Record<string, unknown>) => {
    const response = await call(`${subject.url}/api/v1/events`, tenant.keys.admin, { method: 'POST', body: { type, payload } });
    expect(response.status).toBe(202);
  };

  it('is served at /dashboard/ (/ redirects there) with its own CSP and caching; the API keeps its own', async () => {
    const root = await fetch(`${subject.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard/');
    const page = await fetch(`${subject.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    const asset = html.match(/\/dashboard\/assets\/[\w.-]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${subject.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const api = await fetch(`${subject.url}/health/live`);
    expect(api.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('a wrong key shows the API problem title and no data', async () => {
    const { context, page } = await openContext(browser);
    try {
      await page.goto(`${subject.url}/`);
      await page.getByLabel('API key').fill('ask_not-a-key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'A valid API key is required' }).waitFor();
      expect(await page.locator('nav, .event').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await screenshot(page, 'dashboard-sign-in-error');
    } finally {
      await context.close();
    }
  });

  it('signs in with the key kept in sessionStorage (never in the URL); an event appears in the feed within a second', async () => {
    const { context, page, problems } = await openContext(browser);
    try {
      await signIn(page, subject.url, tenant.keys.admin);
      expect(page.url()).not.toContain(tenant.keys.admin);
      expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([tenant.keys.admin]);
      const started = Date.now();
      await publish('build.deployed', { environment: 'staging', build: 'feed-1' });
      await page.locator('.event', { hasText: 'feed-1' }).waitFor({ timeout: 1000 });
      expect(Date.now() - started).toBeLessThan(1000);
      await screenshot(page, 'dashboard-feed');

      // Its stream's timeline, one click away.
      await page.locator('.event', { hasText: 'feed-1' }).locator('a.stream').click();
      await page.getByRole('heading', { name: /Timeline of/ }).waitFor();
      await page.locator('.timeline li', { hasText: 'feed-1' }).waitFor();
      await screenshot(page, 'dashboard-stream');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters the feed by type, stream and text', async () => {
    const { context, page } = await openContext(browser);
    try {
      await signIn(page, subject.url, tenant.keys.admin);
      await publish('build.deployed', { build: 'filter-a' });
      await publish('alert.raised', { build: 'filter-b' });
      await page.locator('.event', { hasText: 'filter-b' }).waitFor();
      await page.getByLabel('Text').fill('filter-');
      await page.locator('.event', { hasText: 'filter-a' }).waitFor();
      await page.getByLabel('Text').fill('');
      await page.locator('.event', { hasText: 'ApiKeyIssued' }).first().waitFor();
      await page.getByLabel('Type').selectOption('ExternalEventReceived');
      await page.locator('.event', { hasText: 'ApiKeyIssued' }).waitFor({ state: 'detached' });
      expect(new Set(await page.locator('.event .type').allTextContents())).toEqual(new Set(['ExternalEventReceived']));
      expect(await page.locator('.event').count()).toBeGreaterThanOrEqual(2);
      await page.getByLabel('Text').fill('filter-a');
      await page.locator('.event', { hasText: 'filter-b' }).waitFor({ state: 'detached' });
      expect(await page.locator('.event').count()).toBe(1);
      await page.getByLabel('Type').selectOption('');
      await page.getByLabel('Stream').fill('no-such-stream');
      await page.getByText('No event matches these filters').waitFor();
    } finally {
      await context.close();
    }
  });

  it('after the socket drops, what was appended meanwhile shows once reconnected: caught up, once each, in order', async () => {
    const { context, page, problems } = await openContext(browser);
    try {
      await signIn(page, subject.url, tenant.keys.admin);
      await publish('build.deployed', { build: 'before-drop' });
      await page.locator('.event', { hasText: 'before-drop' }).waitFor();

      // Offline first, so the reconnect cannot happen before the events are appended.
      await context.setOffline(true);
      const gateway = subject.app.get(RealtimeGateway);
      for (const socket of gateway['server'].sockets.sockets.values()) socket.conn.close();
      await page.locator('.connection[data-state="offline"]').waitFor();
      for (let n = 1; n <= 5; n++) await publish('build.deployed', { build: `missed-${n}` });
      await sleep(300);
      expect(await page.locator('.event', { hasText: 'missed-' }).count()).toBe(0);

      // Record every state the indicator shows from here on, to see the "catching up" pass by.
      await page.evaluate(() => {
        const indicator = document.querySelector('.connection')!;
        const states: string[] = [];
        Object.assign(window, { connectionStates: states });
        new MutationObserver(() => states.push(indicator.getAttribute('data-state') ?? '')).observe(indicator, { attributes: true });
      });
      await context.setOffline(false);
      await page.locator('.event', { hasText: 'missed-5' }).waitFor({ timeout: 15_000 });
      await page.locator('.connection[data-state="live"]').waitFor();
      expect(await page.evaluate(() => Reflect.get(window, 'connectionStates') as string[])).toContain('catching-up');
      await publish('build.deployed', { build: 'after-reconnect' });
      await page.locator('.event', { hasText: 'after-reconnect' }).waitFor();

      const builds = await page
        .locator('.event .data')
        .evaluateAll((rows) =>
          rows.map((row) => /"build":"([\w-]+)"/.exec(row.textContent ?? '')?.[1]).filter((build) => build !== undefined),
        );
      const positions = await page.locator('.event').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-position'))));
      // Newest first: positions strictly decrease, so no event shows twice and none out of order.
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
      expect(new Set(positions).size).toBe(positions.length);
      const ours = builds.filter((build) => build === 'before-drop' || build === 'after-reconnect' || build.startsWith('missed-'));
      expect(ours).toEqual(['after-reconnect', 'missed-5', 'missed-4', 'missed-3', 'missed-2', 'missed-1', 'before-drop']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
