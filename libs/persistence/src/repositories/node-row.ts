import type { NodeEntity } from '../entities';

/**
 * A node's row as one JSON value, for the hot node statements (a node read, the lookup, the lock's writes):
 * `SELECT ${nodeRow('n')} …`, `… RETURNING ${nodeRow()}`. One column instead of seventy-odd: node-postgres
 * describes and parses each column of every result (its per-column set-up was the largest share of a node
 * read's CPU in the API, bench/), while one JSON text is parsed natively; and a prepared statement's result
 * keeps its type when a later migration adds a column (an old process keeps its plans in a rolling upgrade).
 * Timestamps arrive as ISO strings, jsonb columns as values: what the node mapper takes.
 */
export function nodeRow(ref = 'nodes'): string {
  return `row_to_json(${ref}) AS node`;
}

/** A result row of a statement selecting `nodeRow`. */
export interface NodeRow {
  node: Omit<NodeEntity, 'chassis'>;
}
