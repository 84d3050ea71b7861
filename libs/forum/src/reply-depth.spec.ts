import { describe, expect, it } from '@jest/globals';
import { MAX_STORED_REPLY_DEPTH, replyPosition } from './reply-depth.js';

const segment = (id: number) => String(id).padStart(10, '0');

describe('replyPosition', () => {
  it('puts a reply beneath the post it answers while there is room', () => {
    const answered = { id: 7, path: `${segment(1)}.${segment(7)}`, depth: 1 };
    expect(replyPosition(answered)).toBe(answered);
  });

  it('puts a reply to a post at the deepest level beside it, still answering it', () => {
    const answered = { id: 9, path: `${segment(1)}.${segment(4)}.${segment(9)}`, depth: 2 };
    expect(replyPosition(answered, 2)).toEqual({ id: 9, path: `${segment(1)}.${segment(4)}`, depth: 1 });
  });

  it('keeps a chain of 10,000 replies at the limit', () => {
    let answered = { id: 1, path: segment(1), depth: 0 };
    for (let id = 2; id <= 10_000; id++) {
      const under = replyPosition(answered);
      answered = { id, path: `${under.path}.${segment(id)}`, depth: under.depth + 1 };
    }
    expect(answered.depth).toBe(MAX_STORED_REPLY_DEPTH);
    expect(answered.path.split('.')).toHaveLength(MAX_STORED_REPLY_DEPTH + 1);
  });
});
