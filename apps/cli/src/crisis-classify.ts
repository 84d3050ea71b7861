/**
 * Classifies posts for crisis risk, one JSON line in, one JSON line out:
 *   stdin   {"id": "...", "text": "..."}
 *   stdout  {"id": "...", "level": "green|amber|red|crisis", "matches": [...]}
 * A line that cannot be read yields {"id": null, "error": "..."} (or the id, when the line
 * had one) and classification goes on, so one bad record never stops a batch. Blank lines
 * are skipped. Runs the pure detector only: no database, no Nest.
 *
 *   node dist/apps/cli/src/crisis-classify.js < posts.jsonl
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { assess } from '../../../libs/crisis/src/index.js';

type PostId = string | number | null;

function classifyLine(line: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { id: null, error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id: null, error: 'expected a JSON object with "id" and "text"' };
  }
  const record = parsed as Record<string, unknown>;
  const id: PostId = typeof record['id'] === 'string' || typeof record['id'] === 'number' ? record['id'] : null;
  if (typeof record['text'] !== 'string') return { id, error: 'missing "text" (a string)' };
  const { level, matches } = assess(record['text']);
  return { id, level, matches };
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) continue;
    // Respect back-pressure so a large batch piped to a slow reader does not pile up in memory.
    if (!process.stdout.write(`${JSON.stringify(classifyLine(line))}\n`)) await once(process.stdout, 'drain');
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
