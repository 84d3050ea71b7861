import { type Catalogue, catalogues, hasKey, type Language, translate } from './messages.js';

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

/** The boards the catalogues name (the forum's seeded community boards), read from the English catalogue. */
export const BOARD_SLUGS: readonly string[] = Object.keys(catalogues.en.boards as Catalogue);

const slugByEnglishName = new Map(BOARD_SLUGS.map((slug) => [translate('en', `boards.${slug}.name`), slug]));

/** A board known only by its English name (as a moderator's queue item carries it). */
export function boardNameText(language: Language, name: string): string {
  const slug = slugByEnglishName.get(name);
  return slug ? translate(language, `boards.${slug}.name`) : name;
}
