import { MIN_VERSION, Microversion, formatVersion, type Schema } from '@ferrum/contracts';
import { VERSION_HEADER } from '../common/microversion';
import { JSON_PATCH_SCHEMA, describeOperation, openApiPath, tagOf } from './openapi-operation';
import type { RouteHandler } from './route-handlers';

/** The operations OpenAPI 3.1 names in a path item; others go to `x-additionalOperations` (OpenAPI 3.2's `additionalOperations`). */
export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface DocumentSources {
  /** Every route the router serves (RouteTable.list()). */
  routes: { method: string; url: string }[];
  handlerOf(method: string, url: string): RouteHandler | undefined;
  /** The `/v1` collections with the version each appeared in. */
  collections: readonly (readonly [string, number])[];
  isPublic(path: string): boolean;
  /** The served maximum microversion (1.N). */
  maximum: number;
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  versions: 'Version discovery: the root and `/v1` documents.',
  ferrum: 'Ferrum extensions beyond Ironic: this reference and its rendering.',
  operations: 'Kubernetes probes and the Prometheus scrape.',
};

function describeApi(maximum: number): string {
  return [
    'Ironic-compatible bare-metal API. Generated at run time from the routes this server registers and from their controllers.',
    `Microversions: send \`${VERSION_HEADER}: 1.N\` (or \`latest\`); without it a request is served at ${formatVersion(MIN_VERSION)}.`,
    `This server serves ${formatVersion(MIN_VERSION)} to ${formatVersion(maximum)}; \`x-openstack-microversion-min\` on an operation is the first version that serves it,`,
    'and `x-openstack-microversions` lists the versions at which its answer changes.',
    'Authentication depends on `FERRUM_AUTH_STRATEGY` (`noauth`, `http_basic` or `keystone`); policy rules are Ironic\'s.',
  ].join(' ');
}

/** The OpenAPI 3.1 document of every route served, built from the router's table and the code behind each route. */
export function buildOpenApiDocument(sources: DocumentSources): Schema {
  const { maximum } = sources;
  const since = new Map(sources.collections.map(([name, v]) => [name, v]));
  const schemas: Record<string, Schema> = {};
  const paths: Record<string, Record<string, Schema>> = {};
  const seen = new Set<string>();
  const ids = new Set<string>();
  const routes = [...sources.routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const { method, url } of routes) {
    if (seen.has(`${method} ${url}`)) continue;
    seen.add(`${method} ${url}`);
    const segments = url.split('/');
    const operation = describeOperation({
      method,
      url,
      handler: sources.handlerOf(method, url),
      collectionSince: segments[1] === 'v1' ? since.get(segments[2]) : undefined,
      public: sources.isPublic(url.replace(/:\w+/g, 'x')),
      maximum,
      schemas,
    });
    // Ids come from the path's words; `/a_b` and `/a/b` would share one, which OpenAPI forbids.
    while (ids.has(operation.operationId as string)) operation.operationId = `${operation.operationId as string}_`;
    ids.add(operation.operationId as string);
    const item = (paths[openApiPath(url)] ??= {});
    const key = method.toLowerCase();
    if (OPENAPI_METHODS.includes(key)) item[key] = operation;
    else ((item['x-additionalOperations'] ??= {}) as Record<string, Schema>)[method] = operation;
  }
  const tags = [...new Set(Object.keys(paths).map(tagOf))].sort();
  return {
    openapi: '3.1.0',
    info: { title: 'Ferrum bare-metal API (OpenStack Ironic /v1)', version: formatVersion(maximum), description: describeApi(maximum), license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    tags: tags.map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] && { description: TAG_DESCRIPTIONS[name] }) })),
    paths,
    components: {
      schemas: { ...schemas, JsonPatch: JSON_PATCH_SCHEMA, IronicError: IRONIC_ERROR },
      parameters: {
        Microversion: { name: VERSION_HEADER, in: 'header', required: false, description: `\`1.N\` (${formatVersion(MIN_VERSION)}–${formatVersion(maximum)}) or \`latest\`.`, schema: { type: 'string' } },
      },
      responses: { Error: { description: "An error, in Ironic's shape.", content: { 'application/json': { schema: { $ref: '#/components/schemas/IronicError' } } } } },
      securitySchemes: {
        keystone: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'A Keystone token (`FERRUM_AUTH_STRATEGY=keystone`).' },
        basic: { type: 'http', scheme: 'basic', description: 'HTTP basic against the htpasswd file (`FERRUM_AUTH_STRATEGY=http_basic`).' },
      },
    },
    security: [{ keystone: [] }, { basic: [] }],
    'x-openstack-microversions': Object.fromEntries(
      Object.entries(Microversion).filter(([, v]) => v <= maximum).map(([name, v]) => [formatVersion(v), name]),
    ),
  };
}

const IRONIC_ERROR: Schema = {
  type: 'object',
  properties: {
    error_message: { type: 'string', description: 'A JSON document in a string: `faultstring`, `faultcode` and `debuginfo`.' },
  },
};
