/**
 * How deep replies are stored. Each level adds an 11-character segment to a post's path, and
 * the path sits in a unique btree index whose entries (compressed) cannot exceed about 2.7 kB:
 * a chain of roughly 850 replies could not be stored at all. Pages show at most
 * MAX_REPLY_DEPTH levels anyway, so nothing a reader sees changes here.
 */
export const MAX_STORED_REPLY_DEPTH = 100;

export interface TreePosition {
  id: number;
  path: string;
  depth: number;
}

/**
 * Where a reply to `answered` goes in the tree. Normally beneath it; a reply to a post already
 * at the deepest level is stored beside it instead (same depth, after it in conversation
 * order), still answering it: the returned id stays the answered post's, so the reply keeps
 * its parent and the page says whom it answers.
 */
export function replyPosition(answered: TreePosition, maxDepth = MAX_STORED_REPLY_DEPTH): TreePosition {
  if (answered.depth < maxDepth) return answered;
  return { id: answered.id, path: answered.path.slice(0, answered.path.lastIndexOf('.')), depth: answered.depth - 1 };
}
