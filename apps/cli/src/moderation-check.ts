/**
 * Runs the text checks (watched words, profanity, personal information) on many texts at
 * once, so operators can try their rules, one JSON line in, one JSON line out:
 *   stdin   {"id": "...", "text": "..."}
 *   stdout  {"id": "...", "action": "publish|flag|hold|block", "findings": [...]}
 * `censor` is reported as `publish` (the post appears, masked); its finding is kept. A line
 * that cannot be read yields {"id": null, "error": "..."} (or the id, when the line had one)
 * and checking goes on. Blank lines are skipped. The watched words are the current ones from
 * the database; without a database it runs with none and says so on stderr.
 *
 *   node dist/apps/cli/src/moderation-check.js < posts.jsonl
 *
 * The libs are imported by path, not through `@forum/moderation` or `@forum/config`, whose
 * indexes load Nest: this stays a plain Node script that starts fast.
 */
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { CrisisCheck } from '../../../libs/moderation/src/crisis-check.js';
import { helpLineDigits, loadHelpResources } from '../../../libs/config/src/project-root.js';
import {
  type ModerationAction,
  type ModerationCheck,
  runChecks,
  textChecks,
  type WatchedWordAction,
  type WatchedWordRule,
  WatchedWordsCheck,
} from '../../../libs/moderation/src/checks/index.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@localhost:5432/forum';
const WATCHED_ACTIONS: readonly WatchedWordAction[] = ['block', 'hold', 'flag', 'censor'];

export interface ModerationCheckIo {
  input?: Readable;
  output?: Writable;
  /** Where warnings go (one line each). */
  warn?: (message: string) => void;
  /** Digits of the public help lines; read from the help data file when not given. */
  helpLineDigits?: Iterable<string>;
}

type PostId = string | number | null;

/** Checks every JSON line of `input` with the given watched words, writing one JSON line per post. */
export async function main(watchedWords: readonly WatchedWordRule[], io: ModerationCheckIo = {}): Promise<void> {
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stdout;
  const warn = io.warn ?? ((message: string) => process.stderr.write(`moderation:check: ${message}\n`));
  const checks = buildChecks(watchedWords, io.helpLineDigits ?? readHelpLines(warn), warn);
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) continue;
    // Respect back-pressure so a large batch piped to a slow reader does not pile up in memory.
    if (!output.write(`${JSON.stringify(checkLine(checks, line))}\n`)) await once(output, 'drain');
  }
}

function buildChecks(watchedWords: readonly WatchedWordRule[], helpLines: Iterable<string>, warn: (message: string) => void): ModerationCheck[] {
  const checks = textChecks({ watchedWords, helpLineDigits: helpLines });
  for (const check of checks) {
    if (check instanceof WatchedWordsCheck) {
      for (const skipped of check.skippedRules) warn(`watched word ${skipped.id} is not used: ${skipped.problem}`);
    }
  }
  // The crisis detector, with the watched words that carry a crisis level, exactly as the worker runs it.
  return [...checks, CrisisCheck.withWatchedWords(watchedWords.map((w) => ({ id: Number(w.id) || 0, pattern: w.pattern, isRegex: w.isRegex, level: w.level ?? null })))];
}

function readHelpLines(warn: (message: string) => void): Iterable<string> {
  try {
    return helpLineDigits(loadHelpResources());
  } catch (error) {
    warn(`using only the well-known help lines (${describe(error)})`);
    return [];
  }
}

function checkLine(checks: readonly ModerationCheck[], line: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { id: null, error: `not valid JSON: ${describe(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id: null, error: 'expected a JSON object with "id" and "text"' };
  }
  const record = parsed as Record<string, unknown>;
  const id: PostId = typeof record['id'] === 'string' || typeof record['id'] === 'number' ? record['id'] : null;
  if (typeof record['text'] !== 'string') return { id, error: 'missing "text" (a string)' };
  const { action, findings } = runChecks(checks, { body: record['text'] });
  return { id, action: reported(action), findings };
}

/** A censored post is published (masked), so operators see the four outcomes a post can have. */
function reported(action: ModerationAction): Exclude<ModerationAction, 'censor'> {
  return action === 'censor' ? 'publish' : action;
}

/**
 * The moderators' current watched words. A missing database or table (a fresh checkout, a
 * laptop without Postgres) is not an error here: the other checks still run.
 */
export async function loadWatchedWords(
  databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  warn: (message: string) => void = (message) => process.stderr.write(`moderation:check: ${message}\n`),
): Promise<WatchedWordRule[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<Record<string, unknown>>('SELECT id, pattern, is_regex AS "isRegex", action, level FROM watched_words');
    return rows.flatMap((row) => {
      const action = row['action'] as WatchedWordAction;
      if (typeof row['pattern'] !== 'string' || !WATCHED_ACTIONS.includes(action)) return [];
      const id = typeof row['id'] === 'number' || typeof row['id'] === 'string' ? row['id'] : String(row['id']);
      const level = (row['level'] ?? null) as WatchedWordRule['level'];
      return [{ id, pattern: row['pattern'], isRegex: row['isRegex'] === true, action, level }];
    });
  } catch (error) {
    warn(`running without watched words (${describe(error)})`);
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`| head`) is not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  loadWatchedWords()
    .then((watchedWords) => main(watchedWords))
    .then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(describe(error));
        process.exitCode = 1;
      },
    );
}
