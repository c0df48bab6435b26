import { InvalidParameterValue } from '@ferrum/errors';
import { z } from 'zod';
import { pyRepr } from '@ferrum/contracts';

type JsonTypeName = 'string' | 'boolean' | 'object' | 'array' | 'null' | 'integer';

const IS: Record<JsonTypeName, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  null: (v) => v === null,
  integer: (v) => Number.isInteger(v),
};

/**
 * A body field checked the way Ironic's JSON schemas check it, with jsonschema's wording in the
 * error ("5 is not of type 'string', 'null'"), because that text is what `baremetal` prints.
 * Absent is allowed unless `required`.
 */
export function jsonType(types: JsonTypeName[], opts: { minLength?: number; maxLength?: number; required?: boolean } = {}) {
  const check = (value: unknown, ctx: z.RefinementCtx) => {
    if (value === undefined) return;
    if (!types.some((t) => IS[t](value))) {
      ctx.addIssue({ code: 'custom', message: `${pyRepr(value)} is not of type ${types.map((t) => `'${t}'`).join(', ')}` });
    } else if (opts.maxLength !== undefined && typeof value === 'string' && value.length > opts.maxLength) {
      ctx.addIssue({ code: 'custom', message: `${pyRepr(value)} is too long` });
    } else if (opts.minLength !== undefined && typeof value === 'string' && value.length < opts.minLength) {
      ctx.addIssue({ code: 'custom', message: `${pyRepr(value)} is too short` });
    }
  };
  // zod reports a missing non-optional key as invalid_type "nonoptional"; parseSchema words it like jsonschema.
  return opts.required ? z.unknown().superRefine(check) : z.unknown().optional().superRefine(check);
}

/**
 * Validates a body against a strict object schema; the first problem becomes Ironic's
 * `Schema error for <name>: …` 400. Unknown keys are refused (`additionalProperties: false`).
 */
export function parseSchema(schema: z.ZodType, body: unknown, name: string): Record<string, unknown> {
  // No body at all is an empty object to Ironic (method.body); a JSON `null` is still refused.
  const value = body === undefined ? {} : body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterValue({ message: `Schema error for ${name}: ${pyRepr(value)} is not of type 'object'` });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data as Record<string, unknown>;
  const issues = result.error.issues;
  // jsonschema reports a misplaced key before anything about the known ones.
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.expected === 'nonoptional') {
    message = `'${String(issue.path.at(-1))}' is a required property`;
  } else if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    message = `Additional properties are not allowed (${keys} ${issue.keys.length === 1 ? 'was' : 'were'} unexpected)`;
  }
  throw new InvalidParameterValue({ message: `Schema error for ${name}: ${message}` });
}
