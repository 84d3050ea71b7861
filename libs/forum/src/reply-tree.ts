/** Replies deeper than this are shown at this depth, each saying whom it answers. */
export const MAX_REPLY_DEPTH = 5;

export interface TreePost {
  id: number;
  parentId: number | null;
  depth: number;
  authorName: string;
}

export type ReplyNode<P extends TreePost> = P & {
  level: number;
  inReplyTo: string | null;
  replies: ReplyNode<P>[];
};

/**
 * Turns posts read in path order (depth-first, siblings oldest first) into nested replies.
 * `depth` 1 answers the opening post. Beyond MAX_REPLY_DEPTH a reply joins the list at the
 * cap, in conversation order, naming the post it answers so the thread stays readable on a phone.
 */
export function buildReplyTree<P extends TreePost>(postsInPathOrder: readonly P[], maxDepth = MAX_REPLY_DEPTH): ReplyNode<P>[] {
  const roots: ReplyNode<P>[] = [];
  const open: ReplyNode<P>[] = [];
  const names = new Map<number, string>();
  for (const post of postsInPathOrder) {
    names.set(post.id, post.authorName);
    if (post.depth < 1) continue;
    const level = Math.min(post.depth, maxDepth);
    const node: ReplyNode<P> = {
      ...post,
      level,
      inReplyTo: post.depth > maxDepth && post.parentId !== null ? (names.get(post.parentId) ?? null) : null,
      replies: [],
    };
    if (level === 1) roots.push(node);
    else (open[level - 1]?.replies ?? roots).push(node);
    open[level] = node;
    open.length = level + 1;
  }
  return roots;
}
