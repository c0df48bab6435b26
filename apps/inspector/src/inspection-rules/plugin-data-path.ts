/**
 * set-/extend-/unset-plugin-data. Unlike node paths, plugin-data paths are split on '.' only (a list of
 * keys is accepted too), as Ironic's update_nested_dict does.
 */
import { PyError } from './errors';
import { isDict, pyIn, pyTruthy, pyTypeName, type Dict } from './python-values';

function keysOf(path: unknown): string[] {
  if (typeof path === 'string') return path.split('.');
  if (Array.isArray(path) && path.length > 0 && path.every((k) => typeof k === 'string')) return path;
  throw new PyError('TypeError', `'${pyTypeName(path)}' object is not subscriptable`);
}

function walkCreating(data: Dict, keys: string[]): unknown {
  let current: unknown = data;
  for (const key of keys) {
    if (!isDict(current)) throw new PyError('AttributeError', `'${pyTypeName(current)}' object has no attribute 'setdefault'`);
    if (!Object.hasOwn(current, key)) current[key] = {};
    current = current[key];
  }
  return current;
}

export function setPluginData(data: Dict, path: unknown, value: unknown): void {
  const keys = keysOf(path);
  const parent = walkCreating(data, keys.slice(0, -1));
  if (isDict(parent)) parent[keys.at(-1)!] = value;
  else if (Array.isArray(parent)) throw new PyError('TypeError', 'list indices must be integers or slices, not str');
  else throw new PyError('TypeError', `'${pyTypeName(parent)}' object does not support item assignment`);
}

/** The value at `path`, or undefined when a key is missing or something on the way is not a dict. */
function getPluginData(data: Dict, keys: string[]): unknown {
  let current: unknown = data;
  for (const key of keys) {
    if (!isDict(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Appends `value` to the list at `path`; a missing or falsy value there is replaced by a new list first (upstream's `or []`). */
export function extendPluginData(data: Dict, path: unknown, value: unknown, unique: boolean): void {
  const keys = keysOf(path);
  let current = getPluginData(data, keys);
  if (current === undefined || !pyTruthy(current)) current = [];
  setPluginData(data, keys, current);
  if (unique && pyIn(value, current)) return;
  if (!Array.isArray(current)) throw new PyError('AttributeError', `'${pyTypeName(current)}' object has no attribute 'append'`);
  current.push(value);
}

/**
 * Removes the key at `path`; returns false when it is not there (upstream only warns). When the key was
 * the last one of its dict, that dict goes too (one level up, as upstream). Upstream leaves a top-level
 * key in place when it is the only one (a slip in its pruning); here it is removed like any other.
 */
export function unsetPluginData(data: Dict, path: unknown): boolean {
  const keys = keysOf(path);
  let current: unknown = data;
  for (const key of keys.slice(0, -1)) {
    if (!isDict(current) || !Object.hasOwn(current, key)) return false;
    current = current[key];
  }
  const target = keys.at(-1)!;
  if (!isDict(current) || !Object.hasOwn(current, target)) return false;
  if (Object.keys(current).length === 1 && keys.length > 1) {
    const grandparent = getPluginData(data, keys.slice(0, -2)) as Dict;
    delete grandparent[keys.at(-2)!];
  } else {
    delete current[target];
  }
  return true;
}
