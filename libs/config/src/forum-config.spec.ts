import { describe, expect, it } from '@jest/globals';
import { loadForumConfig } from './forum-config.js';

describe('loadForumConfig', () => {
  it('uses the documented defaults for local use', () => {
    const config = loadForumConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@localhost:5432/forum');
    expect(config.redisUrl).toBe('redis://localhost:6379');
    expect(config.role).toBe('all');
    expect(config.queueLockMs).toBe(30_000);
    expect(config.queueStalledCheckMs).toBe(30_000);
  });

  it('refuses a queue lock that is not a number of milliseconds', () => {
    expect(() => loadForumConfig({ QUEUE_LOCK_MS: '2s' })).toThrow(/QUEUE_LOCK_MS must be a whole number of milliseconds/);
  });

  it('refuses to start in production without ALIAS_SECRET', () => {
    expect(() => loadForumConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/ALIAS_SECRET/);
  });

  it('refuses an unknown ROLE with a clear message', () => {
    expect(() => loadForumConfig({ ROLE: 'both' })).toThrow(/ROLE must be all, web or worker/);
  });
});
