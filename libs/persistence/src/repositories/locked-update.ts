import type { DataSource } from 'typeorm';
import { NodeEntity } from '../entities';
import { nodeRow } from './node-row';

/**
 * The fencing check of a write under a node lock (see `fenced` in node.repository), in plain SQL: the writer
 * must still be the registered incarnation of its hostname.
 */
export function fenceSql(hostParam: string, epochParam: string): string {
  return `EXISTS (SELECT 1 FROM conductors fence WHERE fence.hostname = ${hostParam} AND fence.epoch = ${epochParam})`;
}

/**
 * The conductor's write under a node lock (`updateLocked`) as SQL and values: what TypeORM's query builder
 * writes for it (each value through the driver's preparePersistentValue, SQL expressions given as functions
 * inline), without compiling a builder on every save, which cost the conductor more CPU than the statement's
 * own round trip. undefined when a change names no column of the node (the builder then reports it).
 */
export function lockedUpdate(
  dataSource: DataSource,
  set: Record<string, unknown>,
  where: { uuid: string; host: string; epoch?: number },
): [sql: string, values: unknown[]] | undefined {
  const metadata = dataSource.getMetadata(NodeEntity);
  const values: unknown[] = [where.uuid, where.host];
  const assignments: string[] = [];
  for (const [key, value] of Object.entries(set)) {
    if (value === undefined) continue;
    const column = metadata.findColumnWithPropertyName(key);
    if (!column || !column.isUpdate || column.relationMetadata) return undefined;
    if (typeof value === 'function') {
      assignments.push(`"${column.databaseName}" = ${(value as () => string)()}`);
    } else {
      values.push(dataSource.driver.preparePersistentValue(value, column));
      assignments.push(`"${column.databaseName}" = $${values.length}`);
    }
  }
  let condition = 'uuid = $1 AND reservation = $2';
  if (where.epoch !== undefined) {
    values.push(where.epoch);
    condition += ` AND ${fenceSql('$2', `$${values.length}`)}`;
  }
  return [`UPDATE nodes SET ${assignments.join(', ')} WHERE ${condition} RETURNING ${nodeRow()}`, values];
}
