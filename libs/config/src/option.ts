import { z } from 'zod';

/** One configuration option: the environment variable that sets it and its schema (type, default, bounds, description). */
export interface Option<S extends z.ZodType = z.ZodType> {
  env: string;
  schema: S;
  description: string;
}

export type Options = Record<string, Option>;
export type ConfigOf<O extends Options> = { [K in keyof O]: z.output<O[K]['schema']> };

export function option<S extends z.ZodType>(env: string, schema: S, description: string): Option<S> {
  return { env, schema, description };
}

/** Comma-separated list, trimmed, empty items dropped. */
export const csv = () =>
  z.string().transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const seconds = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);
export const port = (def: number) => z.coerce.number().int().min(1).max(65535).default(def);
