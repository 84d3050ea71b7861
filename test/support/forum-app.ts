import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '@forum/database';
import { ForumService } from '@forum/forum';
import { AppModule } from '../../apps/forum/src/app.module.js';
import { configureApp } from '../../apps/forum/src/configure-app.js';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestForum {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  db: DataSource;
  /** Waits until the moderation workers have decided every pending post. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the real forum (the same module and configureApp as main.ts) against a fresh,
 * migrated database of its own, on a random port. close() drops the database.
 */
export async function startForum(env: Record<string, string> = {}, options: { databaseServer?: string } = {}): Promise<TestForum> {
  const name = `forum_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // `databaseServer` puts something between the forum and PostgreSQL (a proxy a test can cut).
  const databaseUrl = `${options.databaseServer ?? SERVER}/${name}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    ALIAS_SECRET: 'test-alias-secret-0123456789abcdef',
    LOGIN_CLIENT_LIMIT: '10000',
    SPAM_MAX_POSTS_PER_MINUTE: '1000',
    REGISTER_CLIENT_LIMIT: '10000',
    ...env,
  });
  await prepareDatabase(databaseUrl);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRole((env.ROLE as 'all') ?? 'all')] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  await app.get(ForumService).seedBoards();
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    databaseUrl,
    db: app.get(DataSource),
    async settle(timeoutMs = 10_000) {
      const db = app.get(DataSource);
      await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM posts WHERE state = 'pending'`))[0].n === 0, timeoutMs, 'pending posts to be decided');
    },
    async close() {
      await app.close();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
