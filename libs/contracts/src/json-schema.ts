import { byCodePoint, pformat, pyLen, pyRepr } from './python-format';

/**
 * The few JSON Schema keywords Ironic's schemas use (its API step schemas, Draft 2020-12, and the drivers'
 * RAID schema, Draft 4), checked the way Ironic's python-jsonschema 4.10 does, so a refused body carries the
 * same error, picked and printed the same way. A schema's keywords are checked in its key order, as
 * jsonschema walks the schema dict. Shared by the API and the drivers (the RAID interface validates under the lock).
 */
export type Schema = { [keyword: string]: unknown };
type PathItem = string | number;

export interface SchemaError {
  message: string;
  /** The keyword that failed. */
  validator: string;
  /** Relative to the error's parent (an anyOf's context errors are relative to the anyOf's instance). */
  path: PathItem[];
  schemaPath: PathItem[];
  /** The (sub)schema holding the failed keyword, and the value it judged. */
  schema: Schema;
  instance: unknown;
  /** The errors of each branch of a failed anyOf. */
  context: SchemaError[];
}

/** A keyword's own finding; iterErrors fills in the rest. Errors from descending are passed on whole. */
type Found = SchemaError | { message: string; context?: SchemaError[] };
// Each keyword takes its own kind of value; `never` lets them share one record. `root` resolves `$ref`s.
type Keyword = (value: never, instance: unknown, schema: Schema, root: Schema) => Iterable<Found>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';
const TYPES: Record<string, (v: unknown) => boolean> = {
  object: isObject,
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  // Draft 6+ counts 1.0 as an integer, which is all JS can see anyway.
  integer: (v) => Number.isInteger(v),
  number: isNumber,
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};
const isType = (v: unknown, type: string) => TYPES[type](v);
const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function* iterErrors(instance: unknown, schema: Schema, root: Schema = schema): Generator<SchemaError> {
  // Draft 7, which Ironic's schemas declare: beside a $ref every other keyword is ignored.
  const keywords = '$ref' in schema ? [['$ref', schema.$ref] as const] : Object.entries(schema);
  for (const [keyword, value] of keywords) {
    const check = KEYWORDS[keyword];
    if (!check) continue; // $schema, title, description
    for (const found of check(value as never, instance, schema, root)) {
      const error: SchemaError = 'validator' in found ? found : { path: [], schemaPath: [], validator: keyword, schema, instance, context: [], ...found };
      error.schemaPath.unshift(keyword);
      yield error;
    }
  }
}

function* descend(instance: unknown, schema: Schema, root: Schema, path?: PathItem, schemaPath?: PathItem): Generator<SchemaError> {
  for (const error of iterErrors(instance, schema, root)) {
    if (path !== undefined) error.path.unshift(path);
    if (schemaPath !== undefined) error.schemaPath.unshift(schemaPath);
    yield error;
  }
}

const KEYWORDS: Record<string, Keyword> = {
  *type(types: string | string[], instance) {
    const list = typeof types === 'string' ? [types] : types;
    if (!list.some((t) => isType(instance, t))) yield { message: `${pyRepr(instance)} is not of type ${list.map(pyRepr).join(', ')}` };
  },
  *enum(values: unknown[], instance) {
    if (!values.some((v) => deepEqual(v, instance))) yield { message: `${pyRepr(instance)} is not one of ${pyRepr(values)}` };
  },
  *required(names: string[], instance) {
    if (!isObject(instance)) return;
    for (const name of names) if (!has(instance, name)) yield { message: `${pyRepr(name)} is a required property` };
  },
  *properties(props: Record<string, Schema>, instance, _schema, root) {
    if (!isObject(instance)) return;
    for (const [name, sub] of Object.entries(props)) if (has(instance, name)) yield* descend(instance[name], sub, root, name, name);
  },
  *additionalProperties(allowed: boolean | Schema, instance, schema, root) {
    if (!isObject(instance)) return;
    const known = (schema.properties ?? {}) as Record<string, unknown>;
    const extras = Object.keys(instance).filter((k) => !has(known, k));
    // jsonschema walks a set here (hash order); only the message form, which sorts, is deterministic.
    if (isObject(allowed)) for (const extra of extras) yield* descend(instance[extra], allowed, root, extra);
    else if (!allowed && extras.length) {
      const names = extras.sort(byCodePoint).map(pyRepr).join(', ');
      yield { message: `Additional properties are not allowed (${names} ${extras.length === 1 ? 'was' : 'were'} unexpected)` };
    }
  },
  *items(items: boolean | Schema, instance, _schema, root) {
    if (!Array.isArray(instance)) return;
    if (items === false && instance.length) yield { message: `Expected at most 0 items, but found ${instance.length}` };
    else if (isObject(items)) for (const [index, item] of instance.entries()) yield* descend(item, items, root, index);
  },
  *minItems(min: number, instance) {
    if (Array.isArray(instance) && instance.length < min) yield { message: `${pyRepr(instance)} is too short` };
  },
  *minLength(min: number, instance) {
    if (typeof instance === 'string' && pyLen(instance) < min) yield { message: `${pyRepr(instance)} is too short` };
  },
  *maxLength(max: number, instance) {
    if (typeof instance === 'string' && pyLen(instance) > max) yield { message: `${pyRepr(instance)} is too long` };
  },
  *minimum(min: number, instance, schema) {
    if (!isNumber(instance)) return;
    // Draft 4: a boolean exclusiveMinimum beside minimum makes the bound exclusive.
    if (schema.exclusiveMinimum === true) {
      if (instance <= min) yield { message: `${pyRepr(instance)} is less than or equal to the minimum of ${pyRepr(min)}` };
    } else if (instance < min) yield { message: `${pyRepr(instance)} is less than the minimum of ${pyRepr(min)}` };
  },
  /** Draft 4's property dependencies (array form): a present property needs the others. */
  *dependencies(deps: Record<string, string[]>, instance) {
    if (!isObject(instance)) return;
    for (const [property, needed] of Object.entries(deps)) {
      if (!has(instance, property)) continue;
      for (const other of needed) if (!has(instance, other)) yield { message: `${pyRepr(other)} is a dependency of ${pyRepr(property)}` };
    }
  },
  /** Draft 2019-09's successor of the array form (Ironic's OVN local link, 1.90); jsonschema words it the same way. */
  *dependentRequired(deps: Record<string, string[]>, instance) {
    if (!isObject(instance)) return;
    for (const [property, needed] of Object.entries(deps)) {
      if (!has(instance, property)) continue;
      for (const other of needed) if (!has(instance, other)) yield { message: `${pyRepr(other)} is a dependency of ${pyRepr(property)}` };
    }
  },
  *maximum(max: number, instance) {
    if (isNumber(instance) && instance > max) yield { message: `${pyRepr(instance)} is greater than the maximum of ${pyRepr(max)}` };
  },
  *pattern(pattern: string, instance) {
    if (typeof instance === 'string' && !pySearch(pattern, instance)) yield { message: `${pyRepr(instance)} does not match ${pyRepr(pattern)}` };
  },
  *anyOf(branches: Schema[], instance, _schema, root) {
    const context: SchemaError[] = [];
    for (const [index, branch] of branches.entries()) {
      const errors = [...descend(instance, branch, root, undefined, index)];
      if (!errors.length) return;
      context.push(...errors);
    }
    yield { message: `${pyRepr(instance)} is not valid under any of the given schemas`, context };
  },
  *oneOf(branches: Schema[], instance, _schema, root) {
    const context: SchemaError[] = [];
    const valid = branches.findIndex((branch, index) => {
      const errors = [...descend(instance, branch, root, undefined, index)];
      context.push(...errors);
      return !errors.length;
    });
    if (valid < 0) {
      yield { message: `${pyRepr(instance)} is not valid under any of the given schemas`, context };
      return;
    }
    const more = branches.slice(valid + 1).filter((branch) => descend(instance, branch, root).next().done);
    if (more.length) yield { message: `${pyRepr(instance)} is valid under each of ${[...more, branches[valid]].map(pyRepr).join(', ')}` };
  },
  *$ref(ref: string, instance, _schema, root) {
    yield* descend(instance, resolveRef(ref, root), root);
  },
};

/** A local JSON pointer (`#/definitions/x`), the only kind Ironic's schemas use. */
function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) throw new Error(`Only local $refs are supported: ${ref}`);
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return target as Schema;
}

/**
 * Python's re.search for the simple patterns used here: its `$` also matches before a final newline,
 * and a leading `(?i)` makes the whole pattern case-insensitive (JavaScript has no inline flags).
 */
function pySearch(pattern: string, text: string): boolean {
  const ignoreCase = pattern.startsWith('(?i)');
  const body = ignoreCase ? pattern.slice(4) : pattern;
  return new RegExp(body.replace(/(?<!\\)\$$/, '(?=\\n?$)'), ignoreCase ? 'i' : '').test(text);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => has(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/**
 * jsonschema's `relevance` key (bigger is more relevant): shallower first, anyOf/oneOf weak, then an
 * error whose value is not even of its schema's type.
 */
function relevance(error: SchemaError): number[] {
  const expected = error.schema.type as string | string[] | undefined;
  const matchesType = expected !== undefined && (typeof expected === 'string' ? [expected] : expected).some((t) => isType(error.instance, t));
  return [-error.path.length, error.validator === 'anyOf' || error.validator === 'oneOf' ? 0 : 1, 0, matchesType ? 0 : 1];
}

const compare = (a: number[], b: number[]) => a.reduce((d, v, i) => d || v - b[i], 0);

/**
 * jsonschema's best_match: the first most relevant error; from an anyOf, the least relevant of its
 * branches' errors, unless the two least relevant tie (then the anyOf itself).
 */
export function bestMatch(errors: Iterable<SchemaError>): SchemaError | undefined {
  let best: SchemaError | undefined;
  for (const error of errors) if (!best || compare(relevance(error), relevance(best)) > 0) best = error;
  while (best?.context.length) {
    const [first, second] = [...best.context].sort((a, b) => compare(relevance(a), relevance(b)));
    if (second && compare(relevance(first), relevance(second)) === 0) return best;
    best = first;
  }
  return best;
}

/** str() of a jsonschema ValidationError: the message, then the failing keyword's schema and the value, pretty-printed. */
export function formatSchemaError(error: SchemaError): string {
  const at = (word: string, items: PathItem[]) => (items.length ? `${word}[${items.map(pyRepr).join('][')}]` : word);
  const block = (value: unknown) => pformat(value, 72).replace(/^/gm, '    ');
  return [
    error.message,
    '',
    `Failed validating ${pyRepr(error.validator)} in ${at('schema', error.schemaPath.slice(0, -1))}:`,
    block(error.schema),
    '',
    `On ${at('instance', error.path)}:`,
    block(error.instance),
  ].join('\n');
}

