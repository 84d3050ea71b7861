/**
 * Scores the crisis detector against a labeled JSON-lines file ({"id","text","level"}) and
 * prints a confusion matrix, per-level precision and recall, the safety figures moderators
 * care about, and every post it got wrong. It reports; it never fails the build.
 *
 *   node dist/apps/cli/src/eval-crisis.js ../shared/eval/crisis-dev.jsonl
 */
import { readFileSync } from 'node:fs';
import { assess, isRiskLevel, RISK_LEVELS, compareRiskLevels, type RiskLevel } from '../../../libs/crisis/src/index.js';

interface LabeledPost {
  id: string;
  text: string;
  level: RiskLevel;
}

function readLabeled(path: string): LabeledPost[] {
  const posts: LabeledPost[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim().length === 0) return;
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`line ${index + 1}: not an object`);
      const { id, text, level } = parsed as Record<string, unknown>;
      if (typeof text !== 'string' || !isRiskLevel(level)) throw new Error(`line ${index + 1}: needs "text" and a valid "level"`);
      posts.push({ id: typeof id === 'string' ? id : String(index + 1), text, level });
    });
  return posts;
}

const percent = (numerator: number, denominator: number): string =>
  denominator === 0 ? '   n/a' : `${((100 * numerator) / denominator).toFixed(1).padStart(5)}%`;

function main(): void {
  const path = process.argv[2];
  if (path === undefined) {
    console.error('usage: eval-crisis <labeled.jsonl>');
    process.exitCode = 2;
    return;
  }
  const posts = readLabeled(path);
  const matrix = new Map<RiskLevel, Map<RiskLevel, number>>(RISK_LEVELS.map((row) => [row, new Map(RISK_LEVELS.map((col) => [col, 0]))]));
  const misses: { id: string; expected: RiskLevel; got: RiskLevel; text: string }[] = [];
  for (const post of posts) {
    const got = assess(post.text).level;
    const row = matrix.get(post.level)!;
    row.set(got, (row.get(got) ?? 0) + 1);
    if (got !== post.level) misses.push({ id: post.id, expected: post.level, got, text: post.text });
  }
  const cell = (labeled: RiskLevel, predicted: RiskLevel): number => matrix.get(labeled)?.get(predicted) ?? 0;
  const width = 8;
  console.log(`${posts.length} posts from ${path}\n`);
  console.log('confusion matrix (rows: labeled, columns: predicted)');
  console.log(['labeled'.padEnd(width), ...RISK_LEVELS.map((level) => level.padStart(width))].join(''));
  for (const labeled of RISK_LEVELS) {
    console.log([labeled.padEnd(width), ...RISK_LEVELS.map((predicted) => String(cell(labeled, predicted)).padStart(width))].join(''));
  }
  console.log('\nlevel     precision  recall');
  for (const level of RISK_LEVELS) {
    const predicted = RISK_LEVELS.reduce((sum, labeled) => sum + cell(labeled, level), 0);
    const labeledTotal = RISK_LEVELS.reduce((sum, col) => sum + cell(level, col), 0);
    console.log(`${level.padEnd(8)}  ${percent(cell(level, level), predicted)}    ${percent(cell(level, level), labeledTotal)}`);
  }
  const atLeastRed = (level: RiskLevel): boolean => compareRiskLevels(level, 'red') >= 0;
  const total = (rows: RiskLevel[], cols: (level: RiskLevel) => boolean): number =>
    rows.reduce((sum, row) => sum + RISK_LEVELS.filter(cols).reduce((inner, col) => inner + cell(row, col), 0), 0);
  const crisisTotal = total(['crisis'], () => true);
  const seriousTotal = total(['crisis', 'red'], () => true);
  const greenTotal = total(['green'], () => true);
  const exact = RISK_LEVELS.reduce((sum, level) => sum + cell(level, level), 0);
  console.log('');
  console.log(`crisis recall (crisis -> crisis)                 ${percent(cell('crisis', 'crisis'), crisisTotal)}   target >= 95%`);
  console.log(`crisis+red detected as red or higher             ${percent(total(['crisis', 'red'], atLeastRed), seriousTotal)}   target >= 95%`);
  console.log(`green raised to red or higher                    ${percent(total(['green'], atLeastRed), greenTotal)}   target <= 5%`);
  console.log(`exact level accuracy                             ${percent(exact, posts.length)}   target >= 80%`);
  if (misses.length > 0) {
    console.log(`\nmisclassified (${misses.length}):`);
    for (const miss of misses) {
      const preview = miss.text.length > 100 ? `${miss.text.slice(0, 97)}...` : miss.text;
      console.log(`  ${miss.id}  expected ${miss.expected.padEnd(6)} got ${miss.got.padEnd(6)}  ${preview}`);
    }
  }
}

main();
