import { Injectable, RequestMethod } from '@nestjs/common';
import { HEADERS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { type BodySchema, REQUEST_BODY } from './request-body.decorator';

/** The controller method Nest registered for a route, and what its decorators say about the answer. */
export interface RouteHandler {
  controller: string;
  name: string;
  handler: (...args: unknown[]) => unknown;
  /** `@HttpCode`, when the method sets one. */
  httpCode?: number;
  /** `@Header(...)` values, lower-cased names. */
  headers: Record<string, string>;
  /** `@RequestBody(...)`: the schema the handler validates its body with. */
  body?: BodySchema;
}

// @All registers every method: looked up under this key when the method itself has no handler.
const ANY = 'ALL';

function paths(metadata: unknown): string[] {
  if (Array.isArray(metadata)) return metadata.map(String);
  return [typeof metadata === 'string' ? metadata : '/'];
}

/** Nest's join of a controller's and a method's path (leading slash, no doubled or trailing slash). */
function join(prefix: string, path: string): string {
  const url = `/${prefix}/${path}`.replace(/\/+/g, '/');
  return url.length > 1 ? url.replace(/\/$/, '') : url;
}

/**
 * Every route's controller method, read from the decorators Nest itself routes by (`@Controller`, `@Get`…),
 * so what the reference says about a route comes from the code that serves it.
 */
@Injectable()
export class RouteHandlers {
  private table?: Map<string, RouteHandler>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  find(method: string, url: string): RouteHandler | undefined {
    const table = (this.table ??= this.scan());
    return table.get(`${method.toUpperCase()} ${url}`) ?? table.get(`${ANY} ${url}`);
  }

  private scan(): Map<string, RouteHandler> {
    const table = new Map<string, RouteHandler>();
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const prototype = type.prototype as Record<string, (...args: unknown[]) => unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        if (method === undefined) continue;
        const headers = this.reflector.get<{ name: string; value: string }[] | undefined>(HEADERS_METADATA, handler) ?? [];
        const entry: RouteHandler = {
          controller: type.name,
          name,
          handler,
          httpCode: this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler),
          body: this.reflector.get<BodySchema | undefined>(REQUEST_BODY, handler),
          headers: Object.fromEntries(headers.map((h) => [h.name.toLowerCase(), h.value])),
        };
        const verb = method === RequestMethod.ALL ? ANY : RequestMethod[method];
        for (const prefix of paths(this.reflector.get<unknown>(PATH_METADATA, type))) {
          for (const path of paths(this.reflector.get<unknown>(PATH_METADATA, handler))) table.set(`${verb} ${join(prefix, path)}`, entry);
        }
      }
    }
    return table;
  }
}
