import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startForum, type TestForum } from './support/forum-app.js';
import { moderator } from './support/moderator.js';

// Many members read on old phones and pay for their data: the scripts and styles a page pulls in
// stay small (JavaScript under 20 KB, CSS under 30 KB, as served).
const MAX_SCRIPT_BYTES = 20 * 1024;
const MAX_STYLE_BYTES = 30 * 1024;

describe('page weight', () => {
  let forum: TestForum;
  beforeAll(async () => {
    forum = await startForum();
  });
  afterAll(async () => forum?.close());

  async function assetsOf(html: string): Promise<{ scripts: number; styles: number; files: string[] }> {
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
    const size = async (path: string) => {
      const res = await request(forum.url).get(path).buffer(true).parse((r, done) => {
        let n = 0;
        r.on('data', (chunk: Buffer) => (n += chunk.length));
        r.on('end', () => done(null, n));
      });
      expect(res.status).toBe(200);
      return res.body as number;
    };
    let scriptBytes = 0;
    for (const path of scripts) scriptBytes += await size(path);
    let styleBytes = 0;
    for (const path of styles) styleBytes += await size(path);
    return { scripts: scriptBytes, styles: styleBytes, files: [...scripts, ...styles] };
  }

  it('keeps a member page and the moderators’ dashboard within the budget', async () => {
    const home = await assetsOf((await request(forum.url).get('/')).text);
    expect(home.files.length).toBeGreaterThanOrEqual(2);
    const mod = await moderator(forum);
    const dashboard = await assetsOf((await mod.get('/mod')).text);
    expect(dashboard.files.length).toBeGreaterThan(home.files.length);
    for (const page of [home, dashboard]) {
      expect(page.scripts).toBeGreaterThan(0);
      expect(page.scripts).toBeLessThan(MAX_SCRIPT_BYTES);
      expect(page.styles).toBeGreaterThan(0);
      expect(page.styles).toBeLessThan(MAX_STYLE_BYTES);
    }
  });
});
