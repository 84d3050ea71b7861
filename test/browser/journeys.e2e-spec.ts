import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member } from '../support/member.js';
import { focused, focusIsVisible, inPage, launchBrowser, moderatorIn, newAccount, person, personAs, registerInBrowser, screenshot, tabTo } from './support.js';

const CRISIS_POST = 'I wrote my note and the pills are in front of me. Tonight is the night.';

/** People using the forum in a real browser: clicking, typing, and with the keyboard alone. */
describe('browser journeys', () => {
  let forum: TestForum;
  let browser: Browser;
  let threadId = 0;

  beforeAll(async () => {
    [forum, browser] = await Promise.all([startForum(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await forum?.close();
  });

  /** Opens the "Reply" box under a post, types, and sends; answers the new post's id. */
  async function replyTo(page: Page, postId: number, text: string): Promise<number> {
    const post = page.locator(`#post-${postId}`);
    await post.locator('details.reply-box > summary').click();
    await post.locator('textarea[name=body]').click();
    await page.keyboard.type(text);
    await post.getByLabel('Post under my anonymous alias for this thread').check();
    const before = page.url();
    await Promise.all([page.waitForURL((u) => /#post-\d+$/.test(u.href) && u.href !== before), post.getByRole('button', { name: 'Post reply' }).click()]);
    return Number(page.url().match(/#post-(\d+)$/)![1]);
  }

  const depthOf = (page: Page, postId: number) =>
    inPage<{ lists: number; nestedInItems: boolean }>(
      page,
      `(() => {
        const lists = [];
        for (let el = document.getElementById('post-${postId}'); el; el = el.parentElement) if (el.matches('ol.replies')) lists.push(el);
        return { lists: lists.length, nestedInItems: lists.slice(0, -1).every((ol) => ol.parentElement.matches('li')) };
      })()`,
    );

  it('a member registers, starts an anonymous thread, replies three deep, reads a notification and reports a post', async () => {
    const ana = newAccount('ana');
    const { context, page } = await person(browser);
    try {
      await registerInBrowser(page, forum.url, ana);
      expect(await page.locator('.notice').first().textContent()).toContain(`Welcome, ${ana.username}`);
      expect(await page.locator('.signed-in').textContent()).toContain(ana.username);

      // An anonymous thread, from the board page.
      await page.locator('.board-list').getByRole('link', { name: 'Mental Health' }).click();
      await page.getByRole('link', { name: 'Start a thread' }).click();
      await page.getByLabel('Title').fill('Three months and still here');
      await page.getByLabel('What would you like to say?').fill('Some days are easier than others. What helps you on the hard ones?');
      await page.getByLabel('Post under an anonymous alias').check();
      await Promise.all([page.waitForURL(/\/t\/\d+$/), page.getByRole('button', { name: 'Post thread' }).click()]);
      threadId = Number(page.url().match(/\/t\/(\d+)$/)![1]);
      // Its author sees it at once, whether or not the checks have finished yet.
      expect(await page.locator('main > article.post').textContent()).toContain('Some days are easier than others.');

      await forum.settle();
      await page.reload();
      const opening = page.locator('main > article.post');
      const openingId = Number((await opening.getAttribute('id'))!.replace('post-', ''));
      const alias = (await opening.locator('.author').textContent())!.trim();
      expect(await opening.locator('.author').getAttribute('class')).toContain('alias');
      expect(alias).not.toContain(ana.username);
      expect(await opening.textContent()).not.toContain(ana.username);

      // Three levels deep, each reply under the one before.
      let parent = openingId;
      const chain: number[] = [];
      for (const text of ['Replying to myself to keep a log: day 91.', 'Day 92: went to the Tuesday meeting.', 'Day 93: called my sister.']) {
        const id = await replyTo(page, parent, text);
        chain.push(id);
        await forum.settle();
        await page.goto(`${forum.url}/t/${threadId}`);
        expect(await page.locator(`#post-${id}`).textContent()).toContain(text);
        parent = id;
      }
      for (const [i, id] of chain.entries()) expect(await depthOf(page, id)).toEqual({ lists: i + 1, nestedInItems: true });
      expect(await page.locator(`#post-${chain[2]} .author`).textContent()).toBe(alias);

      // Another member answers the deepest reply; Ana sees it from the header.
      const bo = await member(forum.url, 'bo');
      const { postId: boPost } = await bo.reply(threadId, { body: 'Day 93 is huge. Proud of you.', parentId: chain[2] });
      await forum.settle();
      await page.goto(`${forum.url}/`);
      const bell = page.locator('.site-header').getByRole('link', { name: /Notifications/ });
      expect(await bell.textContent()).toMatch(/Notifications\s*1/);
      await bell.click();
      await page.waitForURL(`${forum.url}/notifications`);
      const note = page.locator('.notification-list li').first();
      expect(await note.textContent()).toContain(`${bo.name} replied to your post in “Three months and still here”`);
      await note.getByRole('link').click();
      await page.waitForURL(new RegExp(`/t/${threadId}#post-${boPost}$`));
      expect(await depthOf(page, boPost!)).toEqual({ lists: 4, nestedInItems: true });

      // And reports it (choosing a reason), through the report page.
      await page.locator(`#post-${boPost}`).getByRole('link', { name: 'Report' }).click();
      await page.waitForURL(`${forum.url}/p/${boPost}/report`);
      await page.getByLabel('Harassment or hate').check();
      await page.getByLabel(/Anything the moderators should know/).click();
      await page.keyboard.type('Testing the report form.');
      await page.getByRole('button', { name: 'Send report' }).click();
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();
      const flags = await forum.db.query(`SELECT source, check_name AS "checkName" FROM flags WHERE post_id = $1`, [boPost]);
      expect(flags).toEqual([{ source: 'member', checkName: 'report:harassment' }]);
    } finally {
      await context.close();
    }
  }, 60_000);

  let alertId = 0;
  let modPage: Page;
  let modNavigations = 0;
  let posted = 0;

  it('a member who writes a crisis message is shown help while typing and lands on the support page', async () => {
    const cal = await member(forum.url, 'cal');
    const { page } = await personAs(browser, forum.url, cal.sessionCookie);
    modPage = (await person(browser)).page;
    await moderatorIn(forum, modPage);
    await modPage.goto(`${forum.url}/mod`);
    await modPage.locator('#live-status', { hasText: 'Live:' }).waitFor();
    await inPage(modPage, 'window.__sameDocument = true');
    modPage.on('framenavigated', (frame) => {
      if (frame === modPage.mainFrame()) modNavigations++;
    });

    await page.goto(`${forum.url}/b/grief-loss/new`);
    await page.getByLabel('Title').fill('Tonight');
    await page.getByLabel('What would you like to say?').click();
    await page.keyboard.type(CRISIS_POST);
    await page.locator('#help-panel').waitFor({ state: 'visible' });
    expect(await page.locator('#help-panel').textContent()).toContain('988');
    posted = Date.now();
    await Promise.all([page.waitForURL(/\/support\/\d+$/), page.getByRole('button', { name: 'Post thread' }).click()]);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are not alone');
    const main = (await page.locator('main').textContent())!;
    for (const text of ['A moderator has been told', '911', '988', '741741']) expect(main).toContain(text);
    expect(await page.locator('main a[href="tel:988"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main a[href^="sms:741741"]').count()).toBeGreaterThan(0);
    expect(main.indexOf('911')).toBeLessThan(main.indexOf('741741'));
  });

  it("the alert appears on the moderator's open dashboard without a reload; they acknowledge and resolve it", async () => {
    const item = modPage.locator('#open-alerts li.new');
    await item.waitFor({ timeout: 5000 });
    const seconds = (Date.now() - posted) / 1000;
    expect(seconds).toBeLessThan(5);
    expect(await inPage(modPage, 'window.__sameDocument === true')).toBe(true);
    expect(modNavigations).toBe(0);
    expect(await item.textContent()).toMatch(/crisis in Grief & Loss: Tonight/);
    expect(await modPage.title()).toMatch(/^\(1\) CRISIS alert · /);
    expect(await modPage.locator('#live-status').textContent()).toContain('New crisis alert');
    alertId = Number(await item.getAttribute('data-alert-id'));

    await item.getByRole('link').click();
    await modPage.waitForURL(`${forum.url}/mod/alerts/${alertId}`);
    await modPage.getByRole('button', { name: /Acknowledge/ }).click();
    await modPage.locator('.notice-info', { hasText: 'Acknowledged by' }).waitFor();
    await modPage.getByLabel('Contacted the member privately').check();
    await modPage.getByLabel(/^Note/).fill('Sent a private message; they are with a friend.');
    await Promise.all([modPage.waitForURL(`${forum.url}/mod`), modPage.getByRole('button', { name: 'Resolve alert' }).click()]);
    expect(await modPage.locator('.notice').first().textContent()).toContain('Alert resolved');
    expect(await modPage.locator(`#open-alerts [data-alert-id="${alertId}"]`).count()).toBe(0);
    expect(await modPage.locator('#no-alerts').textContent()).toBe('No open alerts.');
    const [row] = await forum.db.query('SELECT outcome, acknowledged_at IS NOT NULL AS acked, resolved_at IS NOT NULL AS resolved FROM alerts WHERE id = $1', [alertId]);
    expect(row).toEqual({ outcome: 'contacted_privately', acked: true, resolved: true });
    await modPage.context().close();
  });

  it('a member replies using only the keyboard, with visible focus at every stop', async () => {
    const dee = await member(forum.url, 'dee');
    const { context, page } = await personAs(browser, forum.url, dee.sessionCookie);
    try {
      await page.goto(`${forum.url}/t/${threadId}`);
      const first = await tabTo(page, () => true);
      expect(first[0].text).toBe('Skip to content');

      await tabTo(page, (f) => f.tag === 'SUMMARY' && f.text === 'Reply');
      await screenshot(page, 'keyboard-reply-focus', false);
      await page.keyboard.press('Enter');
      expect(await page.locator('main > article.post details.reply-box').getAttribute('open')).not.toBeNull();
      // forum.js puts the cursor in the box; without it, the next Tab does.
      if ((await focused(page)).tag !== 'TEXTAREA') await tabTo(page, (f) => f.tag === 'TEXTAREA');
      const box = await focused(page);
      expect(box.tag).toBe('TEXTAREA');
      expect(focusIsVisible(box)).toBe(true);
      await page.keyboard.type('Typed without a mouse. Thank you for sharing this.');
      await tabTo(page, (f) => f.tag === 'INPUT' && f.text === 'contentWarning');
      await page.keyboard.type('a hard anniversary');
      await tabTo(page, (f) => f.tag === 'INPUT' && f.text === 'anonymous');
      await page.keyboard.press('Space');
      const button = await tabTo(page, (f) => f.tag === 'BUTTON');
      expect(button.at(-1)!.text).toBe('Post reply');
      await Promise.all([page.waitForURL(/#post-\d+$/), page.keyboard.press('Enter')]);
      const id = Number(page.url().match(/#post-(\d+)$/)![1]);
      const [row] = await forum.db.query('SELECT parent_id AS "parentId", anonymous, body, content_warning AS "contentWarning" FROM posts WHERE id = $1', [id]);
      expect(row).toMatchObject({ anonymous: true, body: 'Typed without a mouse. Thank you for sharing this.', contentWarning: 'a hard anniversary' });
      expect(row.parentId).not.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('a moderator acknowledges an alert using only the keyboard, with visible focus at every stop', async () => {
    const eve = await member(forum.url, 'eve');
    await eve.startThread('chronic-illness', { title: 'Enough', body: CRISIS_POST });
    await forum.settle();
    const [{ id }] = await forum.db.query(
      `SELECT a.id FROM alerts a JOIN posts p ON p.id = a.post_id JOIN users u ON u.id = p.author_id WHERE u.username = $1`,
      [eve.name],
    );
    const { context, page } = await person(browser);
    try {
      await moderatorIn(forum, page);
      await page.goto(`${forum.url}/mod`);
      const stops = await tabTo(page, (f) => f.href === `/mod/alerts/${id}`);
      expect(stops[0].text).toBe('Skip to content');
      await Promise.all([page.waitForURL(`${forum.url}/mod/alerts/${id}`), page.keyboard.press('Enter')]);
      await tabTo(page, (f) => f.tag === 'BUTTON' && f.text.startsWith('Acknowledge'));
      await screenshot(page, 'keyboard-acknowledge-focus', false);
      await page.keyboard.press('Enter');
      await page.locator('.notice-info', { hasText: 'Acknowledged by' }).waitFor();
      const [row] = await forum.db.query('SELECT acknowledged_at IS NOT NULL AS acked FROM alerts WHERE id = $1', [id]);
      expect(row.acked).toBe(true);
      // Focus is still visible on the page that comes back.
      const next = await tabTo(page, () => true);
      expect(focusIsVisible(next[0])).toBe(true);
    } finally {
      await context.close();
    }
  });
});
