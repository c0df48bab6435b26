import { InvalidParameterValue, NotAcceptable } from '@ferrum/errors';
import { Microversion } from '@ferrum/contracts';
import { Args, toBoolean, toStringList } from './args';
import { IronicRequest, allows } from './ironic-request';

export const NOT_ACCEPTABLE = 'Request not acceptable.';

export function notAcceptable(minVersion?: number): NotAcceptable {
  return new NotAcceptable({
    message: minVersion === undefined ? NOT_ACCEPTABLE : `Request not acceptable. The minimal required API version should be 1.${minVersion}`,
  });
}

/** Which fields a version may see: a field missing from the table is there from 1.1. */
export type FieldVersions = Readonly<Record<string, number>>;

export function fieldAllowed(versions: FieldVersions, field: string, version: number): boolean {
  return version >= (versions[field] ?? 1);
}

/** `?fields=` (≥1.8): lower-cased list; a field newer than the request's version gives 406. */
export function parseFields(req: IronicRequest, args: Args, versions: FieldVersions): string[] | undefined {
  const fields = toStringList('fields', args.fields);
  if (fields === undefined) return undefined;
  if (!allows(req, Microversion.FIELDS)) throw notAcceptable();
  if (fields.some((f) => !fieldAllowed(versions, f, req.version))) throw notAcceptable();
  return fields;
}

/**
 * What a list returns per item (Ironic's get_request_return_fields): the defaults, the requested
 * fields, or everything (`undefined`) with `?detail=true` (≥1.43).
 */
export function listFields(
  req: IronicRequest,
  fields: string[] | undefined,
  detailArg: unknown,
  defaults: readonly string[],
  detailSince: number = Microversion.DETAIL_QUERY,
): { fields: string[] | undefined; detail: boolean | undefined } {
  const detail = toBoolean('detail', detailArg);
  if (detail !== undefined && !allows(req, detailSince)) {
    throw new InvalidParameterValue({ message: `Invalid query parameter ?detail=${detail ? 'True' : 'False'} received.` });
  }
  if (fields !== undefined && detail) {
    throw new InvalidParameterValue({ message: 'Can not specify ?detail=True and fields in the same request.' });
  }
  if (fields === undefined && !detail) return { fields: [...defaults], detail };
  return { fields, detail };
}

/** Keeps only the requested fields and `links`; an unknown field is a 400 (§4). */
export function selectFields<T extends Record<string, unknown>>(item: T, fields: string[] | undefined, known: readonly string[]): T {
  if (fields === undefined) return item;
  const invalid = fields.filter((f) => !known.includes(f));
  if (invalid.length) throw new InvalidParameterValue({ message: `Field(s) "${invalid.join(', ')}" are not valid` });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (fields.includes(k) || k === 'links') out[k] = v;
  return out as T;
}
