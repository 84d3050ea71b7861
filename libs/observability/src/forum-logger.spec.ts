import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { REDACTED_PATHS } from './forum-logger.js';

describe('REDACTED_PATHS', () => {
  it('keeps passwords, bodies, session ids, cookies and query parameters out of a log line', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      password: 'hunter2-secret',
      body: 'my private words',
      user: { password: 'nested-secret', sessionID: 'sid-123456' },
      req: { headers: { cookie: 'forum.sid=s%3Aabc', authorization: 'Basic Zm9v' } },
      err: { message: 'insert failed', parameters: ['my private words', 7], query: 'INSERT INTO posts …' },
    });
    expect(lines).toHaveLength(1);
    for (const secret of ['hunter2-secret', 'my private words', 'nested-secret', 'sid-123456', 'forum.sid', 'Zm9v', 'INSERT INTO']) expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]).err.message).toBe('insert failed');
  });
});
