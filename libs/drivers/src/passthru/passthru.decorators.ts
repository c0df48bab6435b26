import { InvalidParameterValue } from '@ferrum/errors';
import { z } from 'zod';

export const PASSTHRU_HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type PassthruHttpMethod = (typeof PASSTHRU_HTTP_METHODS)[number];

export interface DriverPassthruOptions {
  httpMethods: PassthruHttpMethod[];
  /** The name clients call; defaults to the function name. */
  method?: string;
  description?: string;
  /** Async methods answer 202 at once and run on the conductor's worker pool; sync ones answer 200 with the result. */
  async?: boolean;
  /** Typed arguments: checked before the method runs (400 naming the field) and published as JSON Schema. */
  args?: z.ZodType;
}

export interface PassthruOptions extends DriverPassthruOptions {
  /** Shared-lock methods may run while another shared-lock method runs; exclusive ones need the node to themselves. */
  requireExclusiveLock?: boolean;
  /** Stream the return value as the raw response body (application/octet-stream). */
  attach?: boolean;
}

export interface PassthruRoute {
  name: string;
  functionName: string;
  httpMethods: PassthruHttpMethod[];
  description: string;
  async: boolean;
  attach: boolean;
  requireExclusiveLock: boolean;
  args?: z.ZodType;
}

/** One method as `GET …/vendor_passthru/methods` lists it (Ironic's shape plus Ferrum's `args_schema`). */
export interface PassthruMethodInfo {
  http_methods: PassthruHttpMethod[];
  async: boolean;
  attach: boolean;
  description: string;
  require_exclusive_lock?: boolean;
  args_schema?: unknown;
}

type Scope = 'node' | 'driver';
const registry = new WeakMap<object, Map<Scope, PassthruRoute[]>>();

function register(scope: Scope, options: PassthruOptions) {
  return (target: object, propertyKey: string, _descriptor: PropertyDescriptor): void => {
    const byScope = registry.get(target) ?? new Map<Scope, PassthruRoute[]>();
    const routes = byScope.get(scope) ?? [];
    routes.push({
      name: options.method ?? propertyKey,
      functionName: propertyKey,
      httpMethods: options.httpMethods.map((m) => m.toUpperCase() as PassthruHttpMethod),
      description: options.description ?? '',
      async: options.async ?? true,
      attach: options.attach ?? false,
      requireExclusiveLock: scope === 'node' ? (options.requireExclusiveLock ?? true) : false,
      args: options.args,
    });
    byScope.set(scope, routes);
    registry.set(target, byScope);
  };
}

/** Exposes a vendor-interface method per node: `(task, args) => result` at /v1/nodes/{id}/vendor_passthru/{method}. */
export const passthru = (options: PassthruOptions) => register('node', options);
/** Exposes a vendor-interface method per driver, with no node: `(ctx, args) => result` at /v1/drivers/{name}/vendor_passthru/{method}. */
export const driverPassthru = (options: DriverPassthruOptions) => register('driver', options);

/** The routes an implementation declares, inherited ones included (a subclass overrides by method name). */
export function passthruRoutes(implementation: object, scope: Scope): Map<string, PassthruRoute> {
  const routes = new Map<string, PassthruRoute>();
  for (let proto: unknown = Object.getPrototypeOf(implementation); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const route of registry.get(proto)?.get(scope) ?? []) {
      if (!routes.has(route.name)) routes.set(route.name, route);
    }
  }
  return routes;
}

export function methodInfo(route: PassthruRoute, scope: Scope): PassthruMethodInfo {
  return {
    http_methods: route.httpMethods,
    async: route.async,
    attach: route.attach,
    description: route.description,
    ...(scope === 'node' ? { require_exclusive_lock: route.requireExclusiveLock } : {}),
    ...(route.args ? { args_schema: z.toJSONSchema(route.args) } : {}),
  };
}

/** Checks the call's arguments against the route's schema; `http_method` is ours, not the caller's. */
export function checkPassthruArgs(route: PassthruRoute, args: Record<string, unknown>): void {
  if (!route.args) return;
  const { http_method: _httpMethod, ...given } = args;
  const parsed = route.args.safeParse(given);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || '(arguments)';
  throw new InvalidParameterValue({ message: `Invalid argument "${field}" for vendor method ${route.name}: ${issue.message}` });
}
