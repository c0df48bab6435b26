import { Invalid, InvalidParameterValue, PatchError } from '@ferrum/errors';
import { applyOperation, deepClone, JsonPatchError } from 'fast-json-patch';
import { pyRepr } from '@ferrum/contracts';

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export const PATCH_OPS = ['add', 'replace', 'remove'];
// Python's \w is Unicode-aware; no ~0/~1 escapes, so keys with '.' or '/' cannot be addressed (§5).
export const PATCH_PATH = /^(\/[\p{L}\p{N}_-]+)+$/u;

const schemaError = (message: string) => new InvalidParameterValue({ message: `Schema error for patch: ${message}` });

/** The body of a PATCH: a list of add/replace/remove operations and nothing else (Ironic's args.patch schema). */
export function parsePatch(body: unknown): PatchOp[] {
  if (body === undefined) throw new InvalidParameterValue({ message: 'Missing mandatory parameter: patch' });
  if (!Array.isArray(body)) throw schemaError(`${pyRepr(body)} is not of type 'array'`);
  return body.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw schemaError(`${pyRepr(item)} is not of type 'object'`);
    const op = item as Record<string, unknown>;
    const extra = Object.keys(op).filter((k) => !['op', 'path', 'value'].includes(k));
    if (extra.length) {
      const keys = extra.map((k) => `'${k}'`).join(', ');
      throw schemaError(`Additional properties are not allowed (${keys} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
    }
    if (op.op === undefined) throw schemaError("'op' is a required property");
    if (op.path === undefined) throw schemaError("'path' is a required property");
    if (typeof op.op !== 'string' || !PATCH_OPS.includes(op.op)) throw schemaError(`${pyRepr(op.op)} is not one of ['add', 'replace', 'remove']`);
    if (typeof op.path !== 'string') throw schemaError(`${pyRepr(op.path)} is not of type 'string'`);
    if (!PATCH_PATH.test(op.path)) throw schemaError(`${pyRepr(op.path)} does not match '^(/[\\\\w-]+)+$'`);
    if (op.op !== 'remove' && !('value' in op)) {
      throw new PatchError({ patch: pyRepr(op), reason: "The operation does not contain a 'value' member" });
    }
    return op as unknown as PatchOp;
  });
}

/** The first path segment must be one the resource lets clients change. */
export function checkPatchAllowed(patch: PatchOp[], allowed: readonly string[]): void {
  for (const p of patch) {
    if (!allowed.includes(p.path.split('/')[1])) {
      throw new Invalid({ message: `Cannot patch ${p.path}. Only the following can be updated: ${allowed.join(', ')}` });
    }
  }
}

/** Values given to exactly `path` by add/replace operations, in order. */
export function patchValues(patch: PatchOp[], path: string): unknown[] {
  return patch.filter((p) => p.path === path && p.op !== 'remove').map((p) => p.value);
}

/** Does the patch remove `path` or something below it? */
export function isPathRemoved(patch: PatchOp[], path: string): boolean {
  return patch.some((p) => p.op === 'remove' && (p.path === path || p.path.startsWith(`${path}/`)));
}

/**
 * Ironic's is_path_updated: is the patch's *first* operation on `path` or below it? (Its loop returns on the first
 * operation; the checks that use it are only as strong as that, and so are Ferrum's.)
 */
export function isPathUpdated(patch: PatchOp[], path: string): boolean {
  const first = patch[0];
  return first !== undefined && (first.path === path || first.path.startsWith(`${path}/`));
}

/** Why an operation failed, in the words of Python's jsonpatch, which Ironic quotes. */
function reason(op: PatchOp, error: unknown): string {
  const key = op.path.split('/').pop();
  if (error instanceof JsonPatchError && error.name === 'OPERATION_PATH_UNRESOLVABLE') {
    return op.op === 'add' ? `member '${key}' not found` : `can't ${op.op} a non-existent object '${key}'`;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Applies the operations one at a time, so the error names the one that failed (Ironic's
 * apply_jsonpatch). Adding a key the resource does not have at the top level is refused.
 */
export function applyPatch<T extends Record<string, unknown>>(doc: T, patch: PatchOp[]): T {
  for (const p of patch) {
    if (p.op === 'add' && p.path.split('/').length === 2 && !(p.path.slice(1) in doc)) {
      throw new Invalid({ message: `Adding a new attribute (${p.path}) to the root of the resource is not allowed` });
    }
  }
  let current = deepClone(doc) as T;
  for (const p of patch) {
    try {
      const operation = p.op === 'remove' ? { op: p.op, path: p.path } : { op: p.op, path: p.path, value: p.value };
      current = applyOperation(current, operation as never, true, true).newDocument;
    } catch (error) {
      throw new PatchError({ patch: pyRepr(p), reason: reason(p, error) });
    }
  }
  return current;
}
