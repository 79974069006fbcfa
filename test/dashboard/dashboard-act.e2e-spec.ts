// Page scripts (page.evaluate) run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { type ConversationSquad, ask, conversationSquad } from '../conversations/support/conversation-squad.js';
import { handoffsClient } from '../handoffs/support.js';
import { call } from '../support/tenant.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { launchBrowser, openContext, screenshot, signIn } from './browser.js';

/**
 * The dashboard acts, not only watches: two people claim the same queue item at once (one wins,
 * the other reads "already claimed"), a human answers a waiting question, a session's branch map.
 */
describe('dashboard: the queue, questions and sessions', () => {
  let subject: TestApp;
  let browser: Browser;
  let squad: ConversationSquad;

  beforeAll(async () => {
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false' });
    squad = await conversationSquad(subject.app, subject.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await subject?.close();
  });

  it('two people claim the same item at once: one gets the briefing, the other sees "already claimed"; release puts it back', async () => {
    const { handoff, session } = await handoffsClient(subject.url, squad.adminKey).handedOff();
    const first = await openContext(browser);
    const second = await openContext(browser);
    try {
      await signIn(first.page, subject.url, squad.adminKey);
      await signIn(second.page, subject.url, squad.levels[0].key);
      for (const { page } of [first, second]) {
        await page.getByRole('link', { name: 'Queue' }).click();
        await page.locator(`[data-item="${handoff.id}"]`).getByRole('button', { name: 'Claim' }).waitFor();
      }
      await screenshot(first.page, 'dashboard-queue');
      await Promise.all(
        [first, second].map(({ page }) => page.locator(`[data-item="${handoff.id}"]`).getByRole('button', { name: 'Claim' }).click()),
      );

      const outcome = async (page: typeof first.page) =>
        Promise.race([
          page
            .locator('.briefing')
            .waitFor()
            .then(() => 'claimed' as const),
          page
            .locator('.conflict')
            .waitFor()
            .then(() => 'conflict' as const),
        ]);
      const outcomes = await Promise.all([outcome(first.page), outcome(second.page)]);
      expect([...outcomes].sort()).toEqual(['claimed', 'conflict']);
      const winner = outcomes[0] === 'claimed' ? first.page : second.page;
      const loser = outcomes[0] === 'claimed' ? second.page : first.page;
      expect(await loser.locator('.conflict').textContent()).toMatch(/^Already claimed by (member|key) \w{8}/);
      expect(await winner.locator('.briefing h3').textContent()).not.toBe('');
      await screenshot(winner, 'dashboard-queue-claimed');
      // Live: the item left the other person's list.
      await loser.locator(`[data-item="${handoff.id}"]`).waitFor({ state: 'detached' });

      await winner.getByRole('button', { name: 'Release' }).click();
      await loser.locator(`[data-item="${handoff.id}"]`).getByRole('button', { name: 'Claim' }).waitFor();

      // The session's branch map, with the fork's two hypotheses under the root.
      await winner.goto(`${subject.url}/dashboard/#/sessions/${session.id}`);
      await winner.getByRole('heading', { name: 'Branch map' }).waitFor();
      expect(await winner.locator('.tree [data-branch]').count()).toBe(session.branches.length);
      await winner.getByText('DNS').first().waitFor();
      await screenshot(winner, 'dashboard-sessions');
      expect([...first.problems, ...second.problems]).toEqual([]);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it('a human answers a waiting question: its chain and countdown show, then its state changes to answered', async () => {
    const asked = await ask(subject.url, squad, 'Who owns invoice numbering?');
    const { context, page, problems } = await openContext(browser);
    try {
      // The responder's own operator key: answers are given by people (an admin key may not answer).
      await signIn(page, subject.url, squad.levels[0].key);
      await page.getByRole('link', { name: 'Questions' }).click();
      await page.getByRole('link', { name: 'Who owns invoice numbering?' }).click();
      const detail = page.locator(`.detail[data-conversation="${asked.id}"]`);
      await detail.locator('.state[data-state="waiting"]').waitFor();
      await detail.locator('.countdown').waitFor();
      expect(await detail.locator('.chain li').count()).toBe(3);
      expect(await detail.locator('.chain li').first().textContent()).toContain('why:');
      await screenshot(page, 'dashboard-questions');

      await detail.getByLabel('Answer', { exact: true }).fill('Billing owns it: keep it there.');
      await detail.getByRole('button', { name: 'Send answer' }).click();
      await detail.locator('.state[data-state="answered"]').waitFor();
      await detail.getByText('Billing owns it: keep it there.').waitFor();
      // Live: it left the list of open questions.
      await page.locator(`.list [data-id="${asked.id}"]`).waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("answers a discussion's pending question from its panel; the agents and usage panels show without errors", async () => {
    const opened = await call(`${subject.url}/api/v1/discussions`, squad.adminKey, {
      method: 'POST',
      body: { goal: 'Choose how we roll out single sign-on to our internal tools', speakerSelection: 'round_robin' },
    });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    const { context, page, problems } = await openContext(browser);
    try {
      await signIn(page, subject.url, squad.adminKey);
      await page.getByRole('link', { name: 'Discussions' }).click();
      await page.locator(`.list [data-id="${id}"] a`).click();
      // The offline model's project manager asks a clarifying question first: it arrives live.
      const answer = page.getByLabel('Your answer');
      await answer.waitFor({ timeout: 20_000 });
      await screenshot(page, 'dashboard-discussions');
      // The turns that follow stream to the discussion's room as signals: note whether one showed.
      await page.evaluate(() => {
        const main = document.querySelector('main')!;
        new MutationObserver(() => {
          if (main.querySelector('.speaking')) Object.assign(window, { sawSpeaking: true });
        }).observe(main, { childList: true, subtree: true, characterData: true });
      });
      await answer.fill('The deadline matters most: before the March audit.');
      await page.getByRole('button', { name: 'Answer', exact: true }).click();
      await answer.waitFor({ state: 'detached' });
      await page.waitForFunction(() => Reflect.get(window, 'sawSpeaking') === true, null, { timeout: 20_000 });
      await page.locator('.proposal').first().waitFor({ timeout: 20_000 });
      await screenshot(page, 'dashboard-discussions-proposals');

      for (const [link, heading] of [
        ['Agents & locks', 'Agents & locks'],
        ['Usage', 'Usage'],
      ]) {
        await page.getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.locator('.empty, table, .chart').first().waitFor();
        expect(await page.locator('main .error').count()).toBe(0);
      }
      await screenshot(page, 'dashboard-usage');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works at a phone width', async () => {
    const { context, page } = await openContext(browser, { width: 390, height: 844 });
    try {
      await signIn(page, subject.url, squad.adminKey);
      await page.getByRole('link', { name: 'Queue' }).click();
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'dashboard-phone');
    } finally {
      await context.close();
    }
  });
});
