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

// Characters that render as nothing (or as a joiner) and are used to split trigger words.
const INVISIBLE =
  /^[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]$|^[\u{E0000}-\u{E0FFF}]$/u;
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
    if (!INVISIBLE.test(character)) {
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

  const push = (folded: string, start: number, end: number): void => {
    if (length + folded.length > capacity) {
      capacity = (length + folded.length) * 2;
      const grownStarts = new Uint32Array(capacity);
      const grownEnds = new Uint32Array(capacity);
      grownStarts.set(starts);
      grownEnds.set(ends);
      starts = grownStarts;
      ends = grownEnds;
    }
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
      // ASCII fast path: most posts are plain English.
      const lower = code >= 65 && code <= 90 ? code + 32 : code;
      pendingAscii += String.fromCharCode(lower);
      push(' ', index, index + 1);
      index++;
      if (pendingAscii.length >= 1024) {
        parts.push(pendingAscii);
        pendingAscii = '';
      }
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
