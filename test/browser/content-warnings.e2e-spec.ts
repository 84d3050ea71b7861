import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, type Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { axe, formatViolations, launchBrowser, person, screenshot, serious } from './support.js';

const WARNING = 'loss of a pregnancy';
const BODY = 'It has been three weeks since we lost the baby and I still set two cups out in the morning.';

/** A poster names what is hard to read; a reader sees the warning first and chooses to open it. */
describe('content warnings', () => {
  let forum: TestForum;
  let browser: Browser;
  let poster: Visitor;
  let threadId: number;

  beforeAll(async () => {
    [forum, browser] = await Promise.all([startForum(), launchBrowser()]);
    poster = await member(forum.url, 'poster');
  });
  afterAll(async () => {
    await browser?.close();
    await forum?.close();
  });

  it('keeps the post closed behind its warning until the reader opens it', async () => {
    const res = await poster.submit('/b/grief-loss', { title: 'Two cups in the morning', body: BODY, contentWarning: WARNING }, '/b/grief-loss/new');
    expect(res.status).toBe(303);
    threadId = Number(res.headers.location!.match(/^\/t\/(\d+)/)![1]);
    await forum.settle();

    const { context, page } = await person(browser);
    try {
      await page.goto(`${forum.url}/b/grief-loss`);
      await expect(page.locator('.thread-row', { hasText: 'Two cups in the morning' }).innerText()).resolves.toContain(`Content warning: ${WARNING}`);

      await page.goto(`${forum.url}/t/${threadId}`);
      const summary = page.locator('main > article.post details.content-warning > summary');
      await expect(summary.innerText()).resolves.toContain(`Content warning: ${WARNING}`);
      const body = page.getByText(BODY);
      expect(await body.isVisible()).toBe(false);
      await screenshot(page, 'content-warning-closed', false);
      await summary.click();
      expect(await body.isVisible()).toBe(true);
      const { violations } = await axe(page);
      expect(formatViolations('thread with a content warning', serious(violations))).toBe('');
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: the warning is a native disclosure', async () => {
    const { context, page } = await person(browser, { javaScriptEnabled: false });
    try {
      await page.goto(`${forum.url}/t/${threadId}`);
      expect(await page.getByText(BODY).isVisible()).toBe(false);
      await page.locator('details.content-warning > summary').click();
      expect(await page.getByText(BODY).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('puts a warning on a reply, and refuses an over-long warning with the post kept in the form', async () => {
    const replier = await member(forum.url, 'replier');
    const reply = await replier.submit(`/t/${threadId}/replies`, { body: 'We lost ours in the spring. The mornings are the worst.', contentWarning: 'pregnancy loss' }, `/t/${threadId}`);
    expect(reply.status).toBe(303);
    await forum.settle();
    const page = await replier.get(`/t/${threadId}`);
    expect(page.text).toMatch(/<details class="content-warning">\s*<summary><span class="cw-label">Content warning: pregnancy loss<\/span>/);

    const before = (await forum.db.query(`SELECT count(*)::int AS n FROM posts`))[0].n;
    const tooLong = 'so many hard things '.repeat(6);
    const refused = await replier.submit('/b/grief-loss', { title: 'Anniversaries', body: 'The date is coming up again.', contentWarning: tooLong }, '/b/grief-loss/new');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('A content warning is at most 100 characters.');
    expect(refused.text).toContain('The date is coming up again.');
    expect(refused.text).toContain(`value="${tooLong}"`);
    expect((await forum.db.query(`SELECT count(*)::int AS n FROM posts`))[0].n).toBe(before);
  });

  it('shows moderators the warning beside the post in the review queue', async () => {
    const sharer = await member(forum.url, 'sharer');
    const res = await sharer.submit(`/t/${threadId}/replies`, { body: 'Text me if you want to talk about it: 602-555-0175.', contentWarning: 'stillbirth' }, `/t/${threadId}`);
    expect(res.status).toBe(303);
    await forum.settle();
    const queue = await (await moderator(forum)).get('/mod');
    expect(queue.text).toContain('Content warning: stillbirth');
    expect(queue.text).toContain('602-555-0175');
    // The check that held it is named in words, not by its code.
    expect(queue.text).toContain('<strong>Personal information</strong>');
    expect(queue.text.indexOf('Content warning: stillbirth')).toBeLessThan(queue.text.indexOf('Text me if you want to talk'));
  });
});
