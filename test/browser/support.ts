import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { UsersService } from '@forum/accounts';
import { projectRoot } from '@forum/config';
import type { TestForum } from '../support/forum-app.js';
import { unique } from '../support/member.js';

/** Debian's chromium (installed by .ci/run); Playwright's own download is not available here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 800 };
export const ARTIFACTS = join(projectRoot(), 'test-artifacts');
export const SCREENSHOTS = join(ARTIFACTS, 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** One person = one browser context (their own cookies), with one page. */
export async function person(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', ...options });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

export interface Account {
  username: string;
  password: string;
}

export const newAccount = (prefix: string): Account => ({ username: unique(prefix), password: `pw-${unique('x')}-long-enough` });

/** Joins through the register page, typing like a person. */
export async function registerInBrowser(page: Page, url: string, account: Account): Promise<void> {
  await page.goto(`${url}/register`);
  await page.getByLabel('Username').click();
  await page.keyboard.type(account.username);
  await page.getByLabel('Password').click();
  await page.keyboard.type(account.password);
  await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: 'Create my account' }).click()]);
}

export async function logInInBrowser(page: Page, url: string, account: Account): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** A moderator account (created directly: there is no page for that), logged in through the login page. */
export async function moderatorIn(forum: TestForum, page: Page): Promise<Account> {
  const account = newAccount('mod');
  await forum.app.get(UsersService).register(account.username, account.password, 'moderator');
  await logInInBrowser(page, forum.url, account);
  return account;
}

/** Evaluates an expression in the page (the tests are compiled without DOM types). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

export interface FocusState {
  tag: string;
  text: string;
  href: string | null;
  outlineStyle: string;
  outlineWidth: number;
  boxShadow: string;
  focusVisible: boolean;
  onScreen: boolean;
}

/** What the focused element looks like: the outline or shadow a keyboard user sees. */
export function focused(page: Page): Promise<FocusState> {
  return inPage<FocusState>(
    page,
    `(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { tag: 'BODY', text: '', href: null, outlineStyle: 'none', outlineWidth: 0, boxShadow: 'none', focusVisible: false, onScreen: false };
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        tag: el.tagName,
        text: (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
        href: el.getAttribute('href'),
        outlineStyle: cs.outlineStyle,
        outlineWidth: parseFloat(cs.outlineWidth) || 0,
        boxShadow: cs.boxShadow,
        focusVisible: el.matches(':focus-visible'),
        onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth,
      };
    })()`,
  );
}

export const focusIsVisible = (f: FocusState) => f.onScreen && ((f.outlineStyle !== 'none' && f.outlineWidth > 0) || (f.boxShadow !== 'none' && f.boxShadow !== ''));

/**
 * Presses Tab until `matches` accepts the focused element, checking at every stop that the
 * focus can be seen. Returns the stops visited.
 */
export async function tabTo(page: Page, matches: (f: FocusState) => boolean, maxStops = 80): Promise<FocusState[]> {
  const stops: FocusState[] = [];
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f);
    if (!focusIsVisible(f)) throw new Error(`focus is not visible on ${describeFocus(f)} (stop ${i + 1})`);
    if (matches(f)) return stops;
  }
  throw new Error(`Tab never reached the element; stops: ${stops.map(describeFocus).join(' | ')}`);
}

export const describeFocus = (f: FocusState) => `<${f.tag.toLowerCase()}${f.href ? ` href="${f.href}"` : ''}> "${f.text}" outline=${f.outlineStyle} ${f.outlineWidth}px shadow=${f.boxShadow}`;

/** Writes test-artifacts/screenshots/<name>.png: the whole page, or only what is in view. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}

let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page: violations, and what it could not decide ("incomplete", for a person to look at). It is evaluated through the DevTools protocol, so the page's
 * CSP (no inline scripts) stays on for everything else.
 */
export async function axe(page: Page): Promise<{ violations: AxeViolation[]; incomplete: AxeViolation[] }> {
  axeSource ??= readFileSync(join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await inPage<boolean>(page, `typeof window.axe === 'object'`))) await page.evaluate(axeSource);
  return inPage(page, `axe.run(document, { resultTypes: ['violations', 'incomplete'] }).then((r) => ({ violations: r.violations, incomplete: r.incomplete }))`);
}

export const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

export function formatViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${where}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}

/** A browser context signed in as someone who logged in over HTTP (their session cookie is carried over). */
export async function personAs(browser: Browser, url: string, sessionCookie: string | null, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const p = await person(browser, options);
  if (sessionCookie) {
    const [name, ...value] = sessionCookie.split('=');
    await p.context.addCookies([{ name, value: value.join('='), url }]);
  }
  return p;
}
