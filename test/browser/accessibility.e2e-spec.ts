import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, type Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { ARTIFACTS, axe, DESKTOP, formatViolations, inPage, launchBrowser, PHONE, personAs, SCREENSHOTS, screenshot, serious } from './support.js';

const CRISIS_POST = 'I wrote my note and the pills are in front of me. Tonight is the night.';

type Who = 'guest' | 'member' | 'moderator' | 'crisis-poster';
interface MainPage {
  name: string;
  path: string;
  as: Who;
  /** Screenshot only this part of the page (as well). */
  element?: string;
}

/**
 * axe-core on every main page, the reply tree's structure, phone widths, and the forum
 * without JavaScript. Writes screenshots of every main page to test-artifacts/screenshots/.
 */
describe('accessibility in a real browser', () => {
  let forum: TestForum;
  let browser: Browser;
  let ana: Visitor;
  let bo: Visitor;
  let cy: Visitor;
  let mod: Visitor;
  let threadId = 0;
  let deepest = 0;
  let alertId = 0;
  let crisisPostId = 0;
  let pages: MainPage[] = [];

  beforeAll(async () => {
    [forum, browser] = await Promise.all([startForum(), launchBrowser()]);
    [ana, bo, cy] = await Promise.all([member(forum.url, 'ana'), member(forum.url, 'bo'), member(forum.url, 'cy')]);
    mod = await moderator(forum);

    // A thread with replies three levels deep, one of them reported; a crisis post held with an open alert.
    ({ threadId } = (await ana.startThread('recovery-sobriety', { title: 'Ninety days today', body: 'Ninety days sober today. I did not think I would get here.', anonymous: true })) as { threadId: number });
    await ana.startThread('recovery-sobriety', { title: 'Small wins this week', body: 'Cooked dinner, slept eight hours, went to two meetings.' });
    await forum.settle();
    const opening = (await forum.db.query('SELECT id FROM posts WHERE thread_id = $1 AND parent_id IS NULL', [threadId]))[0].id as number;
    let parent = opening;
    for (const [who, body] of [
      [bo, 'That is huge. What got you through the first week?'],
      [ana, 'Honestly, the Tuesday night meeting and a lot of tea.'],
      [bo, 'Tea gang. Keep going, we are rooting for you.'],
    ] as const) {
      const { postId } = await who.reply(threadId, { body, parentId: parent, anonymous: true });
      await forum.settle();
      parent = postId!;
    }
    deepest = parent;
    await ana.submit(`/p/${deepest}/report`, { reason: 'harassment', note: 'Checking the review queue shows this.' }, `/p/${deepest}/report`);
    const { res } = await cy.startThread('mental-health', { title: 'Tonight', body: CRISIS_POST });
    crisisPostId = Number(res.headers.location!.match(/\/support\/(\d+)/)![1]);
    await forum.settle();
    alertId = (await forum.db.query('SELECT id FROM alerts WHERE post_id = $1', [crisisPostId]))[0].id;

    pages = [
      { name: 'home', path: '/', as: 'guest' },
      { name: 'board', path: '/b/recovery-sobriety', as: 'guest' },
      { name: 'thread', path: `/t/${threadId}`, as: 'member' },
      { name: 'new-thread', path: '/b/recovery-sobriety/new', as: 'member' },
      { name: 'login', path: '/login', as: 'guest' },
      { name: 'register', path: '/register', as: 'guest' },
      { name: 'help', path: '/help', as: 'guest' },
      { name: 'guidelines', path: '/guidelines', as: 'guest' },
      { name: 'mod-dashboard', path: '/mod', as: 'moderator', element: '.review-queue' },
      { name: 'alert', path: `/mod/alerts/${alertId}`, as: 'moderator' },
      { name: 'report', path: `/p/${deepest}/report`, as: 'member' },
      { name: 'notifications', path: '/notifications', as: 'member' },
      { name: 'support', path: `/support/${crisisPostId}`, as: 'crisis-poster' },
    ];
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await forum?.close();
  });

  const cookieOf = (who: Who) => ({ guest: null, member: ana.sessionCookie, moderator: mod.sessionCookie, 'crisis-poster': cy.sessionCookie })[who];

  /** One context per person and width, opened on first use. */
  const opened = new Map<string, Page>();
  async function pageFor(who: Who, width: 'desktop' | 'phone'): Promise<Page> {
    const key = `${who}-${width}`;
    if (!opened.has(key)) {
      const { page } = await personAs(browser, forum.url, cookieOf(who), { viewport: width === 'desktop' ? DESKTOP : PHONE });
      opened.set(key, page);
    }
    return opened.get(key)!;
  }

  async function visit(page: Page, path: string): Promise<void> {
    const response = await page.goto(`${forum.url}${path}`);
    expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
  }

  /**
   * Visits every main page at one width and runs `check` on it. Each person's pages are
   * visited in turn, the people side by side; results come back in the order of `pages`.
   */
  async function tour<T>(width: 'desktop' | 'phone', check: (page: Page, main: MainPage) => Promise<T>): Promise<T[]> {
    const results: T[] = new Array(pages.length);
    const people = [...new Set(pages.map((p) => p.as))];
    await Promise.all(
      people.map(async (who) => {
        const page = await pageFor(who, width);
        for (const [i, main] of pages.entries()) {
          if (main.as !== who) continue;
          await visit(page, main.path);
          results[i] = await check(page, main);
          await screenshot(page, `${main.name}-${width}`);
          if (main.element) await page.locator(main.element).screenshot({ path: join(SCREENSHOTS, `review-queue-${width}.png`) });
        }
      }),
    );
    return results;
  }

  it('no main page has serious or critical axe violations (desktop), and each is screenshotted', async () => {
    const results = await tour('desktop', async (page, main) => ({ name: main.name, ...(await axe(page)) }));
    const report = results.map(
      ({ name, violations, incomplete }) =>
        (violations.length ? formatViolations(name, violations) : `${name}: no violations`) +
        (incomplete.length ? `\n  needs review: ${incomplete.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}` : ''),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'axe.txt'), `${report.join('\n')}\n`);
    const failures = results.filter((r) => serious(r.violations).length).map((r) => formatViolations(r.name, serious(r.violations)));
    expect(failures.join('\n\n')).toBe('');
  }, 60_000);

  it('at 375 px wide no page scrolls sideways; each is screenshotted', async () => {
    const results = await tour('phone', async (page, main) => {
      const { scrollWidth, widest } = await inPage<{ scrollWidth: number; widest: string }>(
        page,
        `(() => {
          const scrollWidth = document.documentElement.scrollWidth;
          let widest = '';
          if (scrollWidth > innerWidth) {
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > innerWidth + 0.5) { widest = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' right=' + Math.round(r.right); break; }
            }
          }
          return { scrollWidth, widest };
        })()`,
      );
      return scrollWidth > PHONE.width ? `${main.name}: scrollWidth ${scrollWidth} (${widest})` : null;
    });
    expect(results.filter(Boolean)).toEqual([]);
  }, 60_000);

  it('the reply tree is nested lists (ol.replies inside li) that a screen reader announces with depth', async () => {
    const page = await pageFor('member', 'desktop');
    await visit(page, `/t/${threadId}`);
    const shape = await inPage<{ topLevel: number; nestedOutsideItems: number; postsOutsideItems: number; depths: number[] }>(
      page,
      `(() => {
        const lists = [...document.querySelectorAll('ol.replies')];
        const depthOf = (el) => { let d = 0; for (let p = el.parentElement; p; p = p.parentElement) if (p.matches('ol.replies')) d++; return d; };
        return {
          topLevel: lists.filter((ol) => !ol.parentElement.closest('ol.replies')).length,
          nestedOutsideItems: lists.filter((ol) => ol.parentElement.closest('ol.replies') && !ol.parentElement.matches('li')).length,
          postsOutsideItems: [...document.querySelectorAll('ol.replies article.post')].filter((a) => !a.parentElement.matches('ol.replies > li')).length,
          depths: [...document.querySelectorAll('ol.replies article.post')].map(depthOf),
        };
      })()`,
    );
    expect(shape).toEqual({ topLevel: 1, nestedOutsideItems: 0, postsOutsideItems: 0, depths: [1, 2, 3] });

    // What assistive technology gets: a list inside a list item inside a list, three deep.
    const tree = await page.locator('section[aria-labelledby="replies-heading"]').ariaSnapshot();
    const listIndents = tree
      .split('\n')
      .filter((line) => /^\s*- list\b/.test(line))
      .map((line) => line.search(/\S/));
    expect(listIndents).toHaveLength(3);
    expect(listIndents[0]).toBeLessThan(listIndents[1]);
    expect(listIndents[1]).toBeLessThan(listIndents[2]);
  });

  it('works without JavaScript: a member replies, and the dashboard lists a new alert after a reload', async () => {
    const memberPage = (await personAs(browser, forum.url, ana.sessionCookie, { javaScriptEnabled: false })).page;
    await visit(memberPage, `/t/${threadId}`);
    const post = memberPage.locator(`#post-${deepest}`);
    await post.locator('details.reply-box > summary').click();
    await post.locator('textarea[name=body]').fill('Replying with scripts turned off.');
    await Promise.all([memberPage.waitForURL(/#post-\d+$/), post.getByRole('button', { name: 'Post reply' }).click()]);
    const replyId = Number(memberPage.url().match(/#post-(\d+)$/)![1]);
    expect((await forum.db.query('SELECT parent_id AS "parentId" FROM posts WHERE id = $1', [replyId]))[0].parentId).toBe(deepest);
    expect(await memberPage.locator(`#post-${replyId}`).textContent()).toContain('Replying with scripts turned off.');

    const modPage = (await personAs(browser, forum.url, mod.sessionCookie, { javaScriptEnabled: false })).page;
    await visit(modPage, '/mod');
    expect(await modPage.locator('#live-status').textContent()).toContain('reload the page');
    const dee = await member(forum.url, 'dee');
    const { res } = await dee.startThread('grief-loss', { title: 'Last night', body: CRISIS_POST });
    const postId = Number(res.headers.location!.match(/\/support\/(\d+)/)![1]);
    await forum.settle();
    const [{ id }] = await forum.db.query('SELECT id FROM alerts WHERE post_id = $1', [postId]);
    expect(await modPage.locator(`#open-alerts [data-alert-id="${id}"]`).count()).toBe(0);
    await modPage.reload();
    expect(await modPage.locator(`#open-alerts [data-alert-id="${id}"]`).textContent()).toContain('crisis in Grief & Loss: Last night');
  });
});
