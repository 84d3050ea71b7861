import lexiconData from './lexicon.json' with { type: 'json' };
import { parseLexicon, type CrisisLexicon } from './lexicon.js';

/**
 * The lexicon shipped with the forum. A static JSON import (not a file read) so that the
 * data travels with the code: tsc emits lexicon.json beside the compiled module, and Jest
 * loads it as a module too.
 */
export const defaultLexicon: CrisisLexicon = parseLexicon(lexiconData);
