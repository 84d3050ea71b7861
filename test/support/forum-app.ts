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
  close(): Promise<void>;
}

/**
 * Boots the real forum (the same module and configureApp as main.ts) against a fresh,
 * migrated database of its own, on a random port. close() drops the database.
 */
export async function startForum(env: Record<string, string> = {}): Promise<TestForum> {
  const name = `forum_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = `${SERVER}/${name}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    ALIAS_SECRET: 'test-alias-secret-0123456789abcdef',
    LOGIN_CLIENT_LIMIT: '10000',
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
