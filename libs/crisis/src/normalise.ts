/**
 * Folds a post into a plain lower-case Latin form while remembering, for every folded
 * character, which characters of the original it came from. Obfuscation ("Ｋ𝐢ｌｌ", Cyrillic
 * "о", zero-width joiners, accents) must not hide a crisis, and a moderator must still be
 * shown the exact words the member wrote.
 */
export interface NormalisedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`, the original offset where its source character starts. */
  readonly originStart: Uint32Array;
  /** For each UTF-16 unit of `text`, the original offset just after its source character. */
  readonly originEnd: Uint32Array;
}

// Characters that render as nothing (or as a joiner) and are used to split trigger words:
// soft hyphen, joiners, direction marks, variation selectors, fillers, tag characters.
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe0fff],
];

function isInvisible(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to);
}

const COMBINING_MARK = /\p{M}/gu;
// Every distinct non-ASCII character is folded once; the table stays small in practice,
// and the cap keeps a hostile post full of distinct code points from growing it forever.
const MAX_FOLD_CACHE = 20_000;

export class TextFolder {
  private readonly cache = new Map<string, string>();

  constructor(private readonly lookalikes: ReadonlyMap<string, string>) {}

  fold(character: string): string {
    const cached = this.cache.get(character);
    if (cached !== undefined) return cached;
    let folded = '';
    if (!isInvisible(character)) {
      const decomposed = character.normalize('NFKC').toLowerCase().normalize('NFD').replace(COMBINING_MARK, '');
      for (const unit of decomposed) folded += this.lookalikes.get(unit) ?? unit;
    }
    if (this.cache.size < MAX_FOLD_CACHE) this.cache.set(character, folded);
    return folded;
  }
}

export function normaliseText(original: string, folder: TextFolder): NormalisedText {
  let capacity = original.length + 16;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  const parts: string[] = [];
  let length = 0;
  let pendingAscii = '';

  const grow = (needed: number): void => {
    if (needed <= capacity) return;
    capacity = needed * 2;
    const grownStarts = new Uint32Array(capacity);
    const grownEnds = new Uint32Array(capacity);
    grownStarts.set(starts);
    grownEnds.set(ends);
    starts = grownStarts;
    ends = grownEnds;
  };
  const push = (folded: string, start: number, end: number): void => {
    grow(length + folded.length);
    for (let k = 0; k < folded.length; k++) {
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  };

  let index = 0;
  while (index < original.length) {
    const code = original.charCodeAt(index);
    if (code < 0x80) {
      // ASCII fast path: most posts are plain English. Runs of ASCII are copied in one
      // slice and lower-cased once.
      let runEnd = index + 1;
      while (runEnd < original.length && original.charCodeAt(runEnd) < 0x80) runEnd++;
      const run = runEnd - index;
      grow(length + run);
      for (let k = 0; k < run; k++) {
        starts[length] = index + k;
        ends[length] = index + k + 1;
        length++;
      }
      pendingAscii += original.slice(index, runEnd).toLowerCase();
      if (pendingAscii.length >= 4096) {
        parts.push(pendingAscii);
        pendingAscii = '';
      }
      index = runEnd;
      continue;
    }
    const isPair = code >= 0xd800 && code <= 0xdbff && index + 1 < original.length;
    const width = isPair ? 2 : 1;
    const character = original.slice(index, index + width);
    const folded = folder.fold(character);
    if (folded.length > 0) {
      if (pendingAscii.length > 0) {
        parts.push(pendingAscii);
        pendingAscii = '';
      }
      parts.push(folded);
      push(folded, index, index + width);
    }
    index += width;
  }
  if (pendingAscii.length > 0) parts.push(pendingAscii);
  return { text: parts.join(''), originStart: starts.subarray(0, length), originEnd: ends.subarray(0, length) };
}
