/**
 * Measures the crisis detector on one core: throughput over the labeled dev set (repeated
 * for at least two seconds) and the worst time on hostile 100 KB posts built to make a
 * naive matcher backtrack (repeated near-matches, spaced letters, endless words). It
 * reports numbers; it does not fail.
 *
 *   node dist/apps/cli/src/bench-crisis-detector.js [path/to/crisis-dev.jsonl]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CrisisDetector, defaultLexicon } from '../../../libs/crisis/src/index.js';

const MIN_SECONDS = 2;
const HOSTILE_SIZE = 100_000;
const TARGET_POSTS_PER_SECOND = 5_000;

function readTexts(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      const text = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['text'] : undefined;
      return typeof text === 'string' ? text : '';
    });
}

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function hostilePosts(): [string, string][] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let noise = '';
  for (let i = 0; noise.length < HOSTILE_SIZE; i++) noise += letters[(i * 7 + (i >> 3)) % 26];
  return [
    ['repeated near-matches', repeatTo('kill kill kill my my ', HOSTILE_SIZE)],
    ['stuttered ideation', repeatTo('i i i want want to ', HOSTILE_SIZE)],
    ['spaced letters', repeatTo('k i l l m y s e l f ', HOSTILE_SIZE)],
    ['dotted letters', repeatTo('s.u.i.c.i.d.e.', HOSTILE_SIZE)],
    ['one endless word', repeatTo('killmyself', HOSTILE_SIZE)],
    ['one endless letter', 'a'.repeat(HOSTILE_SIZE)],
    ['letters without spaces', noise],
    ['negations before a phrase', repeatTo('not never no ', HOSTILE_SIZE - 20) + ' want to die'],
    ['gap-filler phrases', repeatTo('if i do not wake up and ', HOSTILE_SIZE)],
    ['full crisis phrases', repeatTo('i am going to kill myself tonight, goodbye everyone. ', HOSTILE_SIZE)],
    ['zero-width and look-alikes', repeatTo('k\u200bі\u200bl\u200bl ｍｙｓｅｌｆ ', HOSTILE_SIZE)],
    ['emoji and punctuation', repeatTo('😭💀!!?? ... ,,, ', HOSTILE_SIZE)],
    ['leetspeak', repeatTo('k1ll mys3lf su1c1d3 ', HOSTILE_SIZE)],
  ];
}

function main(): void {
  const path = resolve(process.cwd(), process.argv[2] ?? '../shared/eval/crisis-dev.jsonl');
  const texts = readTexts(path);
  if (texts.length === 0) throw new Error(`no posts in ${path}`);
  const detector = new CrisisDetector(defaultLexicon);
  const watched = new CrisisDetector(defaultLexicon, [
    { id: 'bench-phrase', pattern: 'fentanyl stash', isRegex: false, level: 'amber' },
    { id: 'bench-regex', pattern: 'pills?\\s+(in|on)\\s+(my|the)\\s+\\w+', isRegex: true, level: 'red' },
  ]);

  // Warm up the JIT and the word caches before timing.
  for (let i = 0; i < 3; i++) for (const text of texts) detector.assess(text);

  const measure = (target: CrisisDetector): { perSecond: number; meanMicros: number; posts: number } => {
    let posts = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < MIN_SECONDS * 1000) {
      for (const text of texts) target.assess(text);
      posts += texts.length;
      elapsed = performance.now() - started;
    }
    return { perSecond: (posts * 1000) / elapsed, meanMicros: (elapsed * 1000) / posts, posts };
  };

  const plain = measure(detector);
  const withWatched = measure(watched);
  const meanLength = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
  console.log(`dev set: ${texts.length} posts, mean ${meanLength} characters (${path})`);
  console.log(
    `throughput: ${Math.round(plain.perSecond).toLocaleString('en-US')} posts/s on one core ` +
      `(${plain.meanMicros.toFixed(1)} µs per post, ${plain.posts.toLocaleString('en-US')} posts) ` +
      `${plain.perSecond >= TARGET_POSTS_PER_SECOND ? 'meets' : 'BELOW'} the ${TARGET_POSTS_PER_SECOND.toLocaleString('en-US')}/s target`,
  );
  console.log(`with two watched words (one regex): ${Math.round(withWatched.perSecond).toLocaleString('en-US')} posts/s`);

  console.log(`\nhostile inputs (${(HOSTILE_SIZE / 1000).toFixed(0)} KB each):`);
  let worst = { name: '', millis: 0 };
  for (const [name, text] of hostilePosts()) {
    let slowest = 0;
    let level = '';
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      level = watched.assess(text).level;
      slowest = Math.max(slowest, performance.now() - started);
    }
    if (slowest > worst.millis) worst = { name, millis: slowest };
    console.log(`  ${name.padEnd(28)} ${slowest.toFixed(1).padStart(8)} ms   level ${level}`);
  }
  console.log(`worst hostile input: ${worst.millis.toFixed(1)} ms (${worst.name})`);
}

main();
