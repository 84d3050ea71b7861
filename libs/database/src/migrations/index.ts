import { ForumCore1764100000000 } from './1764100000000-forum-core.js';
import { Moderation1764200000000 } from './1764200000000-moderation.js';
import { Alerts1764300000000 } from './1764300000000-alerts.js';
import { PageIndexes1764400000000 } from './1764400000000-page-indexes.js';
import { MemberLanguage1764500000000 } from './1764500000000-member-language.js';
import { ThreadRevision1764600000000 } from './1764600000000-thread-revision.js';
import { ContentWarnings1764700000000 } from './1764700000000-content-warnings.js';

/** Listed, not globbed, so the same list works from sources (tests) and from dist. */
export const forumMigrations = [ForumCore1764100000000, Moderation1764200000000, Alerts1764300000000, PageIndexes1764400000000, MemberLanguage1764500000000, ThreadRevision1764600000000, ContentWarnings1764700000000];
