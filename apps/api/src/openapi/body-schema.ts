import type { Schema } from '@ferrum/contracts';
import { z } from 'zod';
import type { BodySchema } from './request-body.decorator';

function isZod(schema: BodySchema): schema is z.ZodType {
  return typeof schema === 'object' && '_zod' in schema;
}

/**
 * Ironic's schemas are draft 4 (`definitions`, `#/definitions/x`); OpenAPI 3.1 speaks JSON Schema 2020-12 and resolves
 * a `$ref` against the whole document. `at` is where the schema will sit (`#/components/schemas/Name`).
 */
function rebase(value: unknown, at: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rebase(v, at));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#')) out.$ref = `${at}${v.slice(1).replace(/^\/definitions\//, '/$defs/')}`;
    else if (key === '$schema') continue;
    else if (key === 'definitions') out.$defs = rebase(v, at);
    else out[key] = rebase(v, at);
  }
  return out;
}

/** The body schema a route declares, as a component of the document at `at`. */
export function openApiSchema(body: BodySchema, maximum: number, at: string): Schema {
  const schema = typeof body === 'function' ? body(maximum) : isZod(body) ? z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) : body;
  return rebase(schema, at) as Schema;
}
