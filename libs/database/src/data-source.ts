import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { forumMigrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export function forumDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: forumMigrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 5000 },
  };
}

/** Creates the database named in the URL when it is missing, so `npm start` works on a fresh machine. */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

/**
 * Applies pending migrations under an advisory lock, so a web process and its workers
 * starting together never run the same migration twice.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(forumDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(72620001)');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(72620001)');
    }
  } finally {
    await dataSource.destroy();
  }
}

export async function prepareDatabase(databaseUrl: string): Promise<string[]> {
  await createDatabaseIfMissing(databaseUrl);
  return runMigrations(databaseUrl);
}
