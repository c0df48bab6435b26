import { formatVersion, type Schema } from '@ferrum/contracts';
import { handlerFacts } from './handler-facts';
import type { RouteHandler } from './route-handlers';
import { openApiSchema } from './body-schema';
import { PATCH_OPS, PATCH_PATH } from '../common/json-patch';

// Every Ironic PATCH takes the same add/replace/remove list (common/json-patch.ts).
const JSON_PATCH_REF = '#/components/schemas/JsonPatch';

/** The PATCH body, from the operations and paths json-patch.ts accepts. */
export const JSON_PATCH_SCHEMA: Schema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { op: { enum: PATCH_OPS }, path: { type: 'string', pattern: PATCH_PATH.source }, value: {} },
    required: ['op', 'path'],
    additionalProperties: false,
  },
};

/** What one route needs from its surroundings to be described. */
export interface RouteContext {
  method: string;
  url: string;
  handler?: RouteHandler;
  /** The version its collection appeared in, from the `/v1` document's table. */
  collectionSince?: number;
  public: boolean;
  maximum: number;
  /** Where a body schema goes: components.schemas, filled as operations are built. */
  schemas: Record<string, Schema>;
}

/** `/v1/nodes/:ident/states/:verb` → `/v1/nodes/{ident}/states/{verb}`; Fastify's `:name(regex)` loses its regex. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)(\([^)]*\))?/g, '{$1}').replace(/\*$/, '{path}');
}

export function operationId(method: string, url: string): string {
  const name = openApiPath(url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase());
  return `${method.toLowerCase()}${name || 'Root'}`;
}

function words(identifier: string): string {
  return identifier.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function pathParameters(url: string): Schema[] {
  return [...openApiPath(url).matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function successResponse(ctx: RouteContext): [string, Schema] {
  const status = ctx.handler?.httpCode ?? (ctx.method === 'POST' ? 201 : 200);
  if (status === 204) return ['204', { description: 'No content.' }];
  const type = ctx.handler?.headers['content-type']?.split(';')[0] ?? 'application/json';
  const schema = type === 'application/json' ? {} : { schema: { type: 'string' } };
  return [String(status), { description: 'Success.', content: { [type]: schema } }];
}

/** One operation, from the route, its controller method's decorators and the method's own gates and checks. */
export function describeOperation(ctx: RouteContext): Schema {
  const id = operationId(ctx.method, ctx.url);
  const facts = ctx.handler ? handlerFacts(ctx.handler.handler) : { changes: [], policies: [] };
  const min = Math.max(ctx.collectionSince ?? 1, facts.gate?.minor ?? 1);
  const description: string[] = [];
  if (ctx.handler) description.push(`Served by \`${ctx.handler.controller}.${ctx.handler.name}\`.`);
  if (min > 1) {
    const why = facts.gate && facts.gate.minor === min ? ` (\`${facts.gate.name}\`)` : ' (its collection appeared then)';
    description.push(`Needs API microversion ${formatVersion(min)} or later${why}; an older request is refused as Ironic refuses it.`);
  }
  const changes = facts.changes.filter((v) => v.minor > min && v.minor <= ctx.maximum);
  if (changes.length) description.push(`The answer also changes at ${changes.map((v) => `${formatVersion(v.minor)} (\`${v.name}\`)`).join(', ')}.`);
  if (ctx.public) description.push('Public: served without credentials.');
  else if (facts.policies.length) description.push(`Policy: ${facts.policies.map((p) => `\`${p}\``).join(', ')}.`);

  const parameters: Schema[] = pathParameters(ctx.url);
  for (const name of facts.query ?? []) parameters.push({ name, in: 'query', required: false, schema: { type: 'string' } });
  if (ctx.url === '/v1' || ctx.url.startsWith('/v1/')) parameters.push({ $ref: '#/components/parameters/Microversion' });

  const operation: Schema = {
    operationId: id,
    tags: [tagOf(ctx.url)],
    summary: ctx.handler ? `${words(ctx.handler.name)} (${words(ctx.handler.controller.replace(/Controller$/, ''))})` : `${ctx.method} ${openApiPath(ctx.url)}`,
    description: description.join(' '),
    parameters,
    responses: Object.fromEntries([successResponse(ctx), ['default', { $ref: '#/components/responses/Error' }]]),
  };
  const body = ctx.handler?.body;
  let bodyRef = ctx.method === 'PATCH' ? JSON_PATCH_REF : undefined;
  if (body) {
    const name = `${id[0].toUpperCase()}${id.slice(1)}Body`;
    ctx.schemas[name] = openApiSchema(body, ctx.maximum, `#/components/schemas/${name}`);
    bodyRef = `#/components/schemas/${name}`;
  }
  if (bodyRef) operation.requestBody = { required: false, content: { 'application/json': { schema: { $ref: bodyRef } } } };
  if (min > 1) operation['x-openstack-microversion-min'] = formatVersion(min);
  if (changes.length) operation['x-openstack-microversions'] = changes.map((v) => ({ version: formatVersion(v.minor), name: v.name }));
  if (facts.policies.length) operation['x-openstack-policy'] = facts.policies;
  if (ctx.public) operation.security = [];
  return operation;
}

const PROBES = new Set(['healthz', 'readyz', 'metrics']);

/** The reference's sections: a `/v1` collection, the Ferrum extensions, the version documents, the probes. */
export function tagOf(url: string): string {
  const segments = url.split('/').filter(Boolean);
  if (segments.length === 0 || url === '/v1') return 'versions';
  if (segments[0] === 'docs' || segments[1] === 'ferrum') return 'ferrum';
  if (segments[0] !== 'v1') return PROBES.has(segments[0]) ? 'operations' : segments[0];
  return segments[1];
}
