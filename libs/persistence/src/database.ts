import { mkdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent, PGlite in `dbDir`. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://`. */
  dbDir: string;
}

export type DatabaseKind = 'postgres' | 'pglite';

// Any fixed number: every process that migrates takes the same advisory lock first.
const MIGRATION_LOCK_ID = 7_263_001;

/**
 * Opens the database: PostgreSQL when a URL is given, else embedded PGlite. Both run the same
 * migrations and the same queries; the code above this never asks which one it has.
 */
export async function openDatabase(options: DatabaseOptions): Promise<{ dataSource: DataSource; kind: DatabaseKind }> {
  const common = { type: 'postgres' as const, entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false };
  if (options.databaseUrl) {
    const dataSource = new DataSource({ ...common, url: options.databaseUrl, extra: { max: 20 } });
    await dataSource.initialize();
    return { dataSource, kind: 'postgres' };
  }
  const dataDir = options.dbDir === 'memory://' ? 'memory://' : options.dbDir;
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const dataSource = new DataSource({ ...common, driver: new PGliteDriver({ dataDir }).driver });
  await dataSource.initialize();
  return { dataSource, kind: 'pglite' };
}

/**
 * Brings the schema to head. Safe to run from several processes at once: they queue on an advisory lock.
 * PGlite has a single connection, so there is nobody to race with.
 */
export async function migrate(dataSource: DataSource, kind: DatabaseKind): Promise<string[]> {
  if (kind === 'pglite') return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

/** True when every known migration has run (readiness). */
export async function migrationsAtHead(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
