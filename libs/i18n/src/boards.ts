import { hasKey, type Language, translate } from './messages.js';

interface BoardWords {
  slug: string;
  name: string;
  description?: string | null;
}

/**
 * The name or description of one of the forum's own boards in the reader's language. Operators
 * may rename a board or write their own description: then the words in the database are theirs
 * and are shown as they are, in every language.
 */
export function boardText(language: Language, board: BoardWords, part: 'name' | 'description' = 'name'): string {
  const own = part === 'name' ? board.name : (board.description ?? '');
  const key = `boards.${board.slug}.${part}`;
  if (!hasKey(key) || translate('en', key) !== own) return own;
  return translate(language, key);
}

const slugByEnglishName = new Map<string, string>();

/** A board known only by its English name (as a moderator's queue item carries it). */
export function boardNameText(language: Language, name: string): string {
  if (!slugByEnglishName.size) {
    for (const slug of BOARD_SLUGS) slugByEnglishName.set(translate('en', `boards.${slug}.name`), slug);
  }
  const slug = slugByEnglishName.get(name);
  return slug ? translate(language, `boards.${slug}.name`) : name;
}

/** The boards the catalogues name: the forum's seeded community boards. */
export const BOARD_SLUGS = [
  'recovery-sobriety',
  'grief-loss',
  'chronic-illness',
  'mental-health',
  'life-transitions',
  'lgbtq-community',
  'immigrant-multicultural-voices',
  'advocacy-events',
  'introductions',
] as const;
