// Page scripts (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { PHASE_OUTPUTS, phaseScripts, pipelinesClient } from '../pipelines/support.js';
import { loopbackModelEnv, withLlmEnv } from '../support/llm-env.js';
import { type OpenAiTestServer, startOpenAiTestServer } from '../support/openai-test-server.js';
import { type TestTenant, call, createTenant } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { launchBrowser, openContext, screenshot, signIn } from './browser.js';

/** The pipelines panel with the offline model: a run waits at its gate, is approved in the page and completes live. */
describe('dashboard: pipelines', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let browser: Browser;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20' });
    tenant = await createTenant(subject.app, 'Piped');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await subject?.close();
  });

  it('shows a run waiting at its gate with its progress bar; approving in the page runs it to completed; the correction factor shows', async () => {
    const api = pipelinesClient(subject.url, tenant.keys.admin);
    const { context, page, problems } = await openContext(browser);
    try {
      await signIn(page, subject.url, tenant.keys.admin);
      await page.getByRole('link', { name: 'Pipelines' }).click();
      await page.getByText('POST /api/v1/pipelines').first().waitFor();
      await page.getByRole('heading', { name: 'Learning' }).waitFor();
      expect(await page.locator('.learning [data-field="factor"]').textContent()).toBe('none yet');

      const created = await api.start({
        featureRequest: 'Export invoices as CSV for the accounting team',
        approvalGates: ['plan'],
        estimate: { sessions: 3, complexity: 5 },
        squadId: tenant.squadId,
      });
      // Live: the run appears in the list and reaches its gate without a reload.
      const item = page.locator(`.list [data-id="${created.id}"]`);
      await item.locator('.phase-bar').waitFor();
      await item.getByText('waiting at the plan gate').waitFor({ timeout: 20_000 });
      expect(await item.locator('.phase-seg[data-status="completed"]').count()).toBe(3);
      expect(await item.locator('.phase-seg').count()).toBe(7);

      await item.getByRole('link').click();
      const detail = page.locator(`.detail[data-pipeline="${created.id}"]`);
      await detail.locator('.pipeline-status[data-status="waiting_for_approval"]').waitFor();
      expect(await detail.locator('[data-field="adjustedSessions"]').textContent()).toBe('3 sessions');
      expect(await detail.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
      await detail.getByRole('button', { name: 'Pause' }).waitFor();

      // An estimate completed through the API reaches the Learning box live.
      const estimate = await call(`${subject.url}/api/v1/estimates`, tenant.keys.admin, {
        method: 'POST',
        body: { feature: 'Add OAuth', estimatedSessions: 2, complexity: 6 },
      });
      expect(estimate.status).toBe(201);
      const { id: estimateId } = (await estimate.json()) as { id: string };
      const completed = await call(`${subject.url}/api/v1/estimates/${estimateId}/complete`, tenant.keys.admin, {
        method: 'POST',
        body: { actualSessions: 3 },
      });
      expect(completed.status).toBe(200);
      await page.locator('.learning [data-field="factor"]', { hasText: '×1.50' }).waitFor();
      // Failures recorded through the API reach it live too, the most recent first, with why and the lesson.
      for (const feature of ['WebSocket notifications', 'PDF invoices']) {
        const recorded = await call(`${subject.url}/api/v1/failures`, tenant.keys.admin, {
          method: 'POST',
          body: { feature, approach: 'The first idea', whyFailed: `${feature} did not scale`, lesson: `Plan ${feature} for load` },
        });
        expect(recorded.status).toBe(201);
      }
      await page.locator('.learning .failures li').nth(1).waitFor();
      expect(await page.locator('.learning .failures li').first().textContent()).toMatch(/^PDF invoices.*PDF invoices did not scale.*Plan PDF invoices for load/);
      await screenshot(page, 'dashboard-pipelines');

      // Pause and resume: each button shows only while it applies.
      await detail.getByRole('button', { name: 'Pause' }).click();
      await detail.locator('.pipeline-status[data-status="paused"]').waitFor();
      expect(await detail.getByRole('button', { name: 'Pause' }).count()).toBe(0);
      await detail.getByRole('button', { name: 'Resume' }).click();
      await detail.locator('.pipeline-status[data-status="waiting_for_approval"]').waitFor();
      expect(await detail.getByRole('button', { name: 'Resume' }).count()).toBe(0);

      await detail.getByLabel('Note (optional)').fill('The plan is right; go ahead');
      // By keyboard: the button follows the note in the tab order.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Approve plan');
      await page.keyboard.press('Enter');
      await detail.locator('.pipeline-status[data-status="completed"]').waitFor({ timeout: 20_000 });
      expect(await detail.locator('.phase-seg[data-status="completed"]').count()).toBe(7);
      await detail.getByText('The plan is right; go ahead').waitFor();
      expect(await detail.getByRole('button', { name: 'Pause' }).count()).toBe(0);
      expect(await detail.locator('[data-field="actualSessions"]').textContent()).toMatch(/^7 sessions/);
      // The list's bar followed too, with no reload.
      await item.getByText('7 of 7 phases completed').waitFor();
      expect((await api.get(created.id)).status).toBe('completed');

      // The status filter: nothing is waiting any more.
      await page.getByLabel('Status').selectOption('waiting_for_approval');
      await page.getByText('No waiting for approval pipeline').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * A phase whose model answers 500 with one try allowed fails with that reason; the panel shows the
 * reason and a Retry button, and a retry (the model now answering) completes the run.
 */
describe('dashboard: a failed pipeline phase', () => {
  let server: OpenAiTestServer;
  let subject: TestApp;
  let tenant: TestTenant;
  let browser: Browser;
  const scripts = phaseScripts();

  beforeAll(async () => {
    server = await startOpenAiTestServer();
    server.scriptFor = (request) => scripts.scriptFor(request);
    subject = await withLlmEnv(loopbackModelEnv(server.baseUrl, 'phaser'), () =>
      startTestApp({ DEMO_ORGANIZATION: 'false', DEADLINE_POLL_MS: '20', PIPELINE_PHASE_MAX_TRIES: '1' }),
    );
    tenant = await createTenant(subject.app, 'Failing');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await subject?.close();
    await server?.close();
  });

  it("an agent's key may not approve a gate: the page shows the API problem's title", async () => {
    const api = pipelinesClient(subject.url, tenant.keys.operator);
    const created = await api.start({ featureRequest: 'Dark mode for the portal', approvalGates: ['why'], squadId: tenant.squadId });
    await api.until(created.id, (p) => p.status === 'waiting_for_approval', 'the why gate');
    const refused = await api.act(created.id, 'approve', { phase: 'why' }, tenant.keys.agent);
    expect(refused.status).toBe(403);
    const { title } = (await refused.json()) as { title: string };
    const { context, page, problems } = await openContext(browser);
    try {
      await signIn(page, subject.url, tenant.keys.agent);
      await page.goto(`${subject.url}/dashboard/#/pipelines/${created.id}`);
      const detail = page.locator(`.detail[data-pipeline="${created.id}"]`);
      await detail.getByRole('button', { name: 'Approve why' }).click();
      await detail.getByRole('alert').filter({ hasText: title }).waitFor();
      expect((await api.get(created.id)).status).toBe('waiting_for_approval');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the failed phase with its reason and a Retry button; retrying completes the run', async () => {
    const api = pipelinesClient(subject.url, tenant.keys.operator);
    // Scripted before the write that arms the phase's deadline.
    scripts.script('research', { status: 500 });
    const created = await api.start({ featureRequest: 'Invoice export for accountants', squadId: tenant.squadId });
    await api.until(created.id, (p) => p.status === 'failed', 'the research phase failing');
    const { context, page, problems } = await openContext(browser, { width: 390, height: 844 });
    try {
      await signIn(page, subject.url, tenant.keys.operator);
      await page.goto(`${subject.url}/dashboard/#/pipelines/${created.id}`);
      const detail = page.locator(`.detail[data-pipeline="${created.id}"]`);
      await detail.locator('.pipeline-status[data-status="failed"]').waitFor();
      expect(await detail.locator('.phase-failure').textContent()).toMatch(/^failed: .*500/);
      expect(await detail.locator('.phase-seg[data-status="failed"]').getAttribute('data-phase')).toBe('research');
      // A failed run can be cancelled or retried, not paused.
      await detail.getByRole('button', { name: 'Cancel' }).waitFor();
      expect(await detail.getByRole('button', { name: 'Pause' }).count()).toBe(0);
      // At phone width the phases stack as labelled cards: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await detail.locator('.phase-failure').scrollIntoViewIfNeeded();
      await screenshot(page, 'dashboard-pipelines-failed');

      await detail.getByRole('button', { name: 'Retry research' }).click();
      await detail.locator('.pipeline-status[data-status="completed"]').waitFor({ timeout: 20_000 });
      expect(await detail.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
      expect((await api.get(created.id)).phases.find((p) => p.phase === 'research')!.output).toEqual(PHASE_OUTPUTS.research);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
