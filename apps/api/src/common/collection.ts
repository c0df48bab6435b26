import { pyStr } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import type { Page } from '@ferrum/persistence';
import { Args, toInteger, toStringArg } from './args';
import { isValidLogicalName } from './idents';
import type { IronicRequest } from './ironic-request';
import type { Links } from './links';

export interface SortRules {
  /** Columns the repository can order by. */
  columns: readonly string[];
  /** JSON and computed columns Ironic refuses explicitly. */
  refused: readonly string[];
}

/** `limit`, `sort_key` and `sort_dir` (§4); the marker is resolved by each resource. */
export function parsePage(args: Args, maxLimit: number, rules: SortRules): Page {
  const requested = toInteger('limit', args.limit);
  if (requested !== undefined && requested <= 0) throw new Invalid({ message: 'Limit must be positive' });
  const limit = Math.min(requested ?? maxLimit, maxLimit);
  const sortDir = toStringArg('sort_dir', args.sort_dir) ?? 'asc';
  if (sortDir !== 'asc' && sortDir !== 'desc') {
    throw new Invalid({ message: `Invalid sort direction: ${sortDir}. Acceptable values are 'asc' or 'desc'` });
  }
  const sortKey = toStringArg('sort_key', args.sort_key) ?? 'id';
  // Ironic's controllers refuse the listed keys unquoted; its database layer refuses unknown columns quoted.
  if (rules.refused.includes(sortKey)) throw new InvalidParameterValue({ message: `The sort_key value ${sortKey} is an invalid field for sorting` });
  if (!rules.columns.includes(sortKey)) throw new InvalidParameterValue({ message: `The sort_key value "${sortKey}" is an invalid field for sorting` });
  return { limit, sortKey, sortDir };
}

/**
 * The `next` URL: present only when the page is full (§4). `params` are carried over so the next
 * page is the same query; undefined values are left out.
 */
export function nextUrl(
  links: Links,
  path: string,
  count: number,
  limit: number,
  marker: string | undefined,
  params: Record<string, string | undefined>,
): string | undefined {
  if (count === 0 || count !== limit || marker === undefined) return undefined;
  const carried = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    // Ironic writes the values as they are; commas (field lists) stay readable, the rest is escaped.
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ',')}&`)
    .join('');
  return links.url(path, `?${carried}limit=${limit}&marker=${encodeURIComponent(marker)}`);
}

/** What a template-like listing's `next` URL carries over: its sort, and `detail` and `fields` as given. */
export function carriedListParams(page: Page, detail: boolean | undefined, fields: string[] | undefined): Record<string, string | undefined> {
  return {
    sort_key: page.sortKey,
    sort_dir: page.sortDir,
    ...(detail !== undefined && { detail: detail ? 'True' : 'False' }),
    ...(fields && { fields: fields.join(',') }),
  };
}

/** A template-like listing's marker (runbooks, deploy templates): Ironic checks it as a logical name, then looks it up as a uuid. */
export function nameMarker(req: IronicRequest, args: Args): string | undefined {
  const marker = args.marker === undefined ? undefined : pyStr(args.marker);
  if (marker !== undefined && !isValidLogicalName(marker, req.version)) throw new InvalidParameterValue({ message: `Expected name for marker: ${marker}` });
  return marker;
}
