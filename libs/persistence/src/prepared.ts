import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** One name per statement text: PostgreSQL keeps a prepared statement per connection under it. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `ferrum_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The rows of one of the hot statements (a node read, a lock taken or given back), run on PostgreSQL as a
 * named prepared statement straight on the connection pool: the server parses and plans it once per
 * connection instead of on every call, and neither side exchanges the statement's text again. That halves
 * PostgreSQL's CPU for a node read here (bench/). `text` must be a constant (its values go in `params`),
 * and should return a fixed set of columns (a node as `nodeRow`, not `n.*`), so a later migration cannot change it.
 * PGlite (one connection, in process) runs it as an ordinary query.
 */
export async function preparedRows<T>(dataSource: DataSource, text: string, params: unknown[]): Promise<T[]> {
  const pool = poolOf(dataSource);
  if (!pool) {
    const runner = dataSource.createQueryRunner();
    try {
      return (await runner.query(text, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }
  try {
    return (await pool.query({ name: nameOf(text), text, values: params })).rows as T[];
  } catch (error) {
    // A migration changed the type of a column the statement returns while this process ran (a rolling
    // upgrade): the connection's prepared plan no longer fits, so this call goes unprepared.
    if ((error as { code?: string }).code !== STALE_PLAN) throw error;
    return (await pool.query({ text, values: params } as never)).rows as T[];
  }
}

/** PostgreSQL's "cached plan must not change result type" (feature_not_supported). */
const STALE_PLAN = '0A000';

/** node-postgres's pool under TypeORM's driver; none for PGlite (its driver is given in the options). */
function poolOf(dataSource: DataSource): PgPool | undefined {
  if ((dataSource.options as { driver?: unknown }).driver) return undefined;
  return (dataSource.driver as unknown as { master?: PgPool }).master;
}
