/** What a scenario step may read: the names both sides share, and this side's captured variables. */
export interface StepContext {
  /** Random per run, the same on both sides (node names, MACs…), so no run depends on an empty database. */
  names: Record<string, string>;
  /** Variables captured from this side's answers (uuids…), by name. */
  vars: Map<string, string>;
  v(name: string): string;
}

export type Dynamic<T> = T | ((ctx: StepContext) => T);

/**
 * One request sent to both servers and compared. Defaults: the CLI's microversion 1.78, a JSON body
 * when `body` is given, every header and body value compared after normalisation.
 */
export interface Step {
  name: string;
  method: string;
  path: Dynamic<string>;
  /** Value of X-OpenStack-Ironic-API-Version; null sends none. Default 1.78 (the CLI's). */
  version?: string | null;
  headers?: Record<string, string>;
  body?: ((ctx: StepContext) => unknown) | Record<string, unknown> | unknown[] | string | number | boolean | null;
  /** A body sent as it is (malformed JSON…), with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  /** Variables to capture from the response body: name → key path ("uuid", "nodes/0/uuid"). */
  save?: Record<string, string>;
  /** After the step, wait on both sides until this node has no target states and no reservation, then compare it. */
  settle?: Dynamic<string>;
  /** Repeat the request on each side (up to 20 s) until its answer's body passes, then compare (background work). */
  until?: (body: any) => boolean;
  /** Paths whose values may differ (types still compared), each with the reason. */
  ignore?: Record<string, string>;
}

export interface Scenario {
  name: string;
  steps: Step[];
}

export function resolve<T>(value: Dynamic<T>, ctx: StepContext): T {
  return typeof value === 'function' ? (value as (ctx: StepContext) => T)(ctx) : value;
}
