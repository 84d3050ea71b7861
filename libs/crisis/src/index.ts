import { CrisisDetector, type CrisisAssessment } from './detector.js';
import { defaultLexicon } from './default-lexicon.js';

export { RISK_LEVELS, compareRiskLevels, maxRiskLevel, isRiskLevel, type RiskLevel } from './risk-level.js';
export { CrisisDetector, type CrisisAssessment, type CrisisMatch } from './detector.js';
export { defaultLexicon } from './default-lexicon.js';
export { parseLexicon, type CrisisLexicon, type SignalDefinition, type CombinationRule, type ModifierName } from './lexicon.js';
export { validateWatchedPattern, type WatchedWordRule } from './watched-words.js';

let sharedDetector: CrisisDetector | undefined;

/** Assesses one post with the default lexicon and no watched words. */
export function assess(text: string): CrisisAssessment {
  sharedDetector ??= new CrisisDetector(defaultLexicon);
  return sharedDetector.assess(text);
}
