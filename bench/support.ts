import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '@forum/config';
import { prepareDatabase } from '@forum/database';

export const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface BenchDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one benchmark run, dropped at the end. */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const name = `forum_bench_${label}_${randomBytes(3).toString('hex')}`;
  const url = `${SERVER}/${name}`;
  await prepareDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Starts the compiled forum (dist) as a separate process with the given ROLE. */
export function startForumProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), join(projectRoot(), 'dist/apps/forum/src/main.js')], {
    env: { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench-session-secret-0123456789abcdef', ALIAS_SECRET: 'bench-alias-secret-0123456789abcdef', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stderr.write(d));
  child.stdout?.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stdout.write(d));
  return child;
}

export async function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`process did not print ${pattern} within ${timeoutMs} ms:\n${seen.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(m[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited with ${code}:\n${seen.slice(-2000)}`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}

/** Members for a benchmark, inserted directly: hashing thousands of passwords would measure argon2, not the forum. */
export async function benchMembers(pool: pg.Pool, count: number): Promise<number[]> {
  const rows = await pool.query(
    `INSERT INTO users (username, password_hash, created_at)
     SELECT 'bench_' || g, 'not-a-login', now() - interval '30 days' FROM generate_series(1, $1) g RETURNING id`,
    [count],
  );
  return rows.rows.map((r: { id: number }) => r.id);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
