import { Microversion } from '@ferrum/contracts';

export interface NamedVersion {
  name: keyof typeof Microversion;
  minor: number;
}

/** What a controller method's own code says about its route. */
export interface HandlerFacts {
  /** The highest version a gate of the method requires (`checkSubResourceVersion(req, Microversion.X)`, `…Gate(req, …)`). */
  gate?: NamedVersion;
  /** Every other microversion the method tests: its answer changes there. */
  changes: NamedVersion[];
  /** Policy rules the method checks (`'baremetal:node:get'`). */
  policies: string[];
  /** Query parameters the method accepts, when it lists them (`rejectUnexpected(args, ['detail', …])`). */
  query?: string[];
}

// Gate helpers are named `check…Version` or `…Gate` and take the request, then the version (STYLE §3: named constants).
const GATE = /\b(?:check\w*Version|\w*Gate)\)?\(\s*\w+\s*,\s*(?:[\w$]+\.)?Microversion\.([A-Z0-9_]+)/g;
const VERSION = /\bMicroversion\.([A-Z0-9_]+)/g;
const POLICY = /['"`](baremetal:[a-z_:]+)['"`]/g;
// The first argument may be a call itself: swc writes imported calls as `(0, _args.fromQuery)(query)`.
const QUERY = /rejectUnexpected\)?\([^;]*?,\s*\[([^\]]*)\]\s*[,)]/;

function named(name: string): NamedVersion | undefined {
  return name in Microversion ? { name: name as NamedVersion['name'], minor: Microversion[name as NamedVersion['name']] } : undefined;
}

/**
 * Reads the method's compiled source. swc keeps identifiers (tests and dist/ are both built by it, unminified):
 * `handler-facts.spec.ts` pins a few known gates, so a build that renames them fails there rather than
 * silently dropping the versions from the reference.
 */
export function handlerFacts(handler: (...args: unknown[]) => unknown): HandlerFacts {
  const source = Function.prototype.toString.call(handler);
  const gates = [...source.matchAll(GATE)].map((m) => named(m[1])).filter((v) => v !== undefined);
  const gate = gates.sort((a, b) => b.minor - a.minor)[0];
  const changes = new Map<string, NamedVersion>();
  for (const m of source.matchAll(VERSION)) {
    const v = named(m[1]);
    if (v && v.name !== gate?.name) changes.set(v.name, v);
  }
  const list = QUERY.exec(source)?.[1];
  return {
    gate,
    changes: [...changes.values()].sort((a, b) => a.minor - b.minor),
    policies: [...new Set([...source.matchAll(POLICY)].map((m) => m[1]))],
    query: list === undefined ? undefined : [...list.matchAll(/['"`]([\w.-]+)['"`]/g)].map((m) => m[1]),
  };
}
