import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Repositories, migrate, openDatabase } from '@ferrum/persistence';
import { TEST_DATABASE_URL, useRealService } from './services';

export interface TestDatabase {
  repos: Repositories;
  kind: 'postgres' | 'pglite';
  /** The URL of the throwaway database (PostgreSQL only), for child processes. */
  url?: string;
  close(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database for one test file (dropped on close). */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ferrum_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Real PostgreSQL (a throwaway database) when reachable; PGlite in memory otherwise (never under CI). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'PGlite in memory')) {
    const pg = await createPostgresDatabase();
    const { dataSource, kind } = await openDatabase({ databaseUrl: pg.url, dbDir: 'memory://' });
    await migrate(dataSource, kind);
    return {
      repos: new Repositories(dataSource),
      kind,
      url: pg.url,
      close: async () => {
        await dataSource.destroy();
        await pg.drop();
      },
    };
  }
  const { dataSource, kind } = await openDatabase({ dbDir: 'memory://' });
  await migrate(dataSource, kind);
  return { repos: new Repositories(dataSource), kind, close: () => dataSource.destroy() };
}
