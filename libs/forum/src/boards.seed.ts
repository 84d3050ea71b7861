import type { BoardVisibility } from './entities.js';

export interface BoardSeed {
  slug: string;
  name: string;
  description: string;
  visibility: BoardVisibility;
}

/** The boards the first community asked for, in the order they asked for them. */
export const COMMUNITY_BOARDS: BoardSeed[] = [
  { slug: 'recovery-sobriety', name: 'Recovery & Sobriety', description: 'Staying sober, starting over, and celebrating every day counted.', visibility: 'public' },
  { slug: 'grief-loss', name: 'Grief & Loss', description: 'For anyone missing someone: no timeline, no right way to grieve.', visibility: 'public' },
  { slug: 'chronic-illness', name: 'Chronic Illness', description: 'Living with long-term illness and pain, and the days in between.', visibility: 'public' },
  { slug: 'mental-health', name: 'Mental Health', description: 'Anxiety, depression and everything else: talk to people who get it.', visibility: 'public' },
  { slug: 'life-transitions', name: 'Life Transitions', description: 'Divorce, moves, job loss, new beginnings: change is hard together too.', visibility: 'public' },
  { slug: 'lgbtq-community', name: 'LGBTQ+ Community', description: 'Coming out, family, identity and community, among people who understand.', visibility: 'public' },
  { slug: 'immigrant-multicultural-voices', name: 'Immigrant & Multicultural Voices', description: 'Life between cultures and languages. Se habla español.', visibility: 'public' },
  { slug: 'advocacy-events', name: 'Advocacy & Events', description: 'Meetings, walks, fundraisers and speaking up around Phoenix.', visibility: 'public' },
  { slug: 'introductions', name: 'Introductions', description: 'New here? Say hello and tell us as much or as little as you like.', visibility: 'public' },
];
