import { describe, expect, it } from '@jest/globals';
import { BOARD_SLUGS, boardNameText, boardText } from '@forum/i18n';
import { COMMUNITY_BOARDS } from './boards.seed.js';

describe('the community boards in both languages', () => {
  it('has a catalogue entry for every seeded board, with the seed’s own English words', () => {
    expect([...BOARD_SLUGS].sort()).toEqual(COMMUNITY_BOARDS.map((b) => b.slug).sort());
    for (const board of COMMUNITY_BOARDS) {
      expect(boardText('en', board)).toBe(board.name);
      expect(boardText('en', board, 'description')).toBe(board.description);
      expect(boardText('es', board)).not.toBe(board.name);
      expect(boardNameText('es', board.name)).toBe(boardText('es', board));
    }
    expect(boardText('es', COMMUNITY_BOARDS.find((b) => b.slug === 'grief-loss')!)).toBe('Duelo y pérdida');
  });

  it('keeps the words of a board operators renamed or wrote themselves', () => {
    const renamed = { slug: 'grief-loss', name: 'Grief Circle (Tempe)', description: 'Our Tuesday group online.' };
    expect(boardText('es', renamed)).toBe('Grief Circle (Tempe)');
    expect(boardText('es', renamed, 'description')).toBe('Our Tuesday group online.');
    expect(boardNameText('es', 'A board we added')).toBe('A board we added');
  });
});
