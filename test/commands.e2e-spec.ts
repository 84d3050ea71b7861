import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '@forum/config';
import { startForum, type TestForum } from './support/forum-app.js';

/** The operators' commands, run as npm runs them (compiled, JSON lines in and out). */
describe('operator commands', () => {
  let forum: TestForum;

  beforeAll(async () => {
    forum = await startForum();
    await forum.db.query(`INSERT INTO watched_words (pattern, is_regex, action) VALUES ('free crypto', false, 'block'), ('casino', false, 'flag')`);
  });
  afterAll(async () => {
    await forum?.close();
  });

  const run = (script: string, lines: object[], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [join(projectRoot(), 'dist/apps/cli/src', script)], {
      input: lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n',
      env: { ...process.env, DATABASE_URL: forum.databaseUrl, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return result.stdout.trim().split('\n').map((l) => JSON.parse(l));
  };

  it('moderation:check applies the current watched words and every text check', () => {
    const out = run('moderation-check.js', [
      { id: 'a', text: 'Get FREE CRYPT0 now' },
      { id: 'b', text: 'Call me at 602-555-0134' },
      { id: 'c', text: 'If you need someone, call or text 988 or text HOME to 741741.' },
      { id: 'd', text: 'The casino night fundraiser is Saturday' },
    ]);
    expect(out.map((o) => [o.id, o.action])).toEqual([
      ['a', 'block'],
      ['b', 'hold'],
      ['c', 'publish'],
      ['d', 'flag'],
      [null, undefined],
    ]);
    expect(out[1].findings[0].check).toBe('personal-info');
    expect(out[4].error).toBeDefined();
  });

  it('crisis:classify gives a level and the matched words per line', () => {
    const out = run('crisis-classify.js', [
      { id: 'x', text: 'I have the pills in front of me. Tonight is the night.' },
      { id: 'y', text: 'Killing it at work this week, six months sober!' },
      { id: 'z', text: 'quiero morir' },
    ]);
    expect(out[0]).toMatchObject({ id: 'x', level: 'crisis' });
    expect(out[0].matches.length).toBeGreaterThan(0);
    expect(out[1]).toMatchObject({ id: 'y', level: 'green' });
    expect(['red', 'crisis']).toContain(out[2].level);
  });
});
