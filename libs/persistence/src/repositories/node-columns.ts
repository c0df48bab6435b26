import type { DataSource } from 'typeorm';
import { NodeEntity } from '../entities';

const lists = new WeakMap<DataSource, Map<string, string>>();

/**
 * The node table's columns as this code knows them (`n."id", n."uuid", …`), for the prepared node statements:
 * unlike `n.*`, the list keeps a statement's result shape when a later migration adds a column, so a process
 * still running the previous release keeps its prepared plans through a rolling upgrade.
 */
export function nodeColumns(dataSource: DataSource, alias?: string): string {
  let byAlias = lists.get(dataSource);
  if (!byAlias) lists.set(dataSource, (byAlias = new Map<string, string>()));
  const key = alias ?? '';
  let list = byAlias.get(key);
  if (!list) {
    const prefix = alias ? `${alias}.` : '';
    list = dataSource
      .getMetadata(NodeEntity)
      .columns.map((c) => `${prefix}"${c.databaseName}"`)
      .join(', ');
    byAlias.set(key, list);
  }
  return list;
}
