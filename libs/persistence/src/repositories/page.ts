import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export interface Page {
  limit: number;
  sortKey: string;
  sortDir: 'asc' | 'desc';
}

/**
 * Keyset paging over (sort column, id): stable under inserts, unlike OFFSET. NULLs sort last
 * ascending and first descending, as PostgreSQL does by default for DESC.
 * `marker` is the row the previous page ended on.
 */
export function applyPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: Page,
  marker?: { id: number },
): SelectQueryBuilder<T> {
  const col = `${alias}.${page.sortKey}`;
  const id = `${alias}.id`;
  const asc = page.sortDir === 'asc';
  if (marker) {
    const value = (marker as Record<string, unknown>)[page.sortKey];
    const params = { markerValue: value, markerId: marker.id };
    if (page.sortKey === 'id') {
      qb.andWhere(`${id} ${asc ? '>' : '<'} :markerId`, params);
    } else if (value === null || value === undefined) {
      qb.andWhere(asc ? `(${col} IS NULL AND ${id} > :markerId)` : `(${col} IS NOT NULL OR ${id} < :markerId)`, params);
    } else if (asc) {
      qb.andWhere(`(${col} > :markerValue OR (${col} = :markerValue AND ${id} > :markerId) OR ${col} IS NULL)`, params);
    } else {
      qb.andWhere(`(${col} < :markerValue OR (${col} = :markerValue AND ${id} < :markerId))`, params);
    }
  }
  if (page.sortKey !== 'id') qb.orderBy(col, asc ? 'ASC' : 'DESC', asc ? 'NULLS LAST' : 'NULLS FIRST');
  qb.addOrderBy(id, asc ? 'ASC' : 'DESC');
  return qb.take(page.limit);
}
