import { ForumCore1764100000000 } from './1764100000000-forum-core.js';

/** Listed, not globbed, so the same list works from sources (tests) and from dist. */
export const forumMigrations = [ForumCore1764100000000];
