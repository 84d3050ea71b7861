import { describe, expect, it } from '@jest/globals';
import { buildReplyTree, type TreePost } from './reply-tree.js';

const post = (id: number, parentId: number | null, depth: number): TreePost => ({ id, parentId, depth, authorName: `author${id}` });

describe('buildReplyTree', () => {
  it('nests replies under their parents in conversation order', () => {
    const tree = buildReplyTree([post(1, null, 0), post(2, 1, 1), post(4, 2, 2), post(5, 4, 3), post(3, 1, 1)]);
    expect(tree.map((n) => n.id)).toEqual([2, 3]);
    expect(tree[0].replies.map((n) => n.id)).toEqual([4]);
    expect(tree[0].replies[0].replies.map((n) => n.id)).toEqual([5]);
    expect(tree[1].replies).toEqual([]);
  });

  it('caps indentation and says whom a deeper reply answers', () => {
    const chain = [post(1, null, 0), post(2, 1, 1), post(3, 2, 2), post(4, 3, 3), post(5, 4, 4)];
    const tree = buildReplyTree(chain, 3);
    const atCap = tree[0].replies[0].replies;
    expect(atCap.map((n) => n.id)).toEqual([4, 5]);
    expect(atCap[0].inReplyTo).toBeNull();
    expect(atCap[1].inReplyTo).toBe('author4');
    expect(atCap.every((n) => n.level === 3)).toBe(true);
  });

  it('leaves out the opening post, which the page shows above the replies', () => {
    expect(buildReplyTree([post(1, null, 0)])).toEqual([]);
  });
});
