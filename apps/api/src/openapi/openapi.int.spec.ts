import bcrypt from 'bcryptjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, startApiHarness } from '../testing/api-harness';
import { OPENAPI_METHODS } from './openapi-document';

// The validator is an ES module, which Jest's CommonJS runtime cannot require: it runs in a node of its own.
const VALIDATE = `import { Validator } from '@seriousme/openapi-schema-validator';
let text = '';
for await (const chunk of process.stdin) text += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(text))));`;

function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', VALIDATE], { input: JSON.stringify(doc), cwd: process.cwd() });
  return JSON.parse(out.toString()) as { valid: boolean; errors?: unknown };
}

type PathItem = Record<string, unknown> & { 'x-additionalOperations'?: Record<string, Record<string, unknown>> };
type Operation = Record<string, unknown>;

/** Every method + path the document describes, in the router's spelling (`/v1/nodes/:ident`). */
function documented(paths: Record<string, PathItem>): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const url = path.replace(/\{(\w+)\}/g, ':$1');
    for (const method of OPENAPI_METHODS) if (item[method]) out.push(`${method.toUpperCase()} ${url}`);
    for (const method of Object.keys(item['x-additionalOperations'] ?? {})) out.push(`${method} ${url}`);
  }
  return out.sort();
}

describe('API reference: the OpenAPI document and /docs', () => {
  let api: ApiHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-openapi-'));

  beforeAll(async () => {
    // Credentials required everywhere else: the reference must still answer anonymous callers.
    writeFileSync(join(dir, 'htpasswd'), `admin:${bcrypt.hashSync('pw', 4)}`);
    writeFileSync(join(dir, 'roles.yaml'), 'admin: {"roles": ["admin"], "system": true}');
    api = await startApiHarness({
      env: { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'), FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml') },
    });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const document = async () => {
    const reply = await api.request('GET', '/v1/ferrum/openapi.json', { version: null });
    expect(reply.statusCode).toBe(200);
    return reply.json<{ openapi: string; paths: Record<string, PathItem>; components: { schemas: Record<string, unknown> } }>();
  };
  const operation = (doc: { paths: Record<string, PathItem> }, method: string, path: string) => doc.paths[path]?.[method] as Operation;

  it('serves a document that an OpenAPI 3.1 validator accepts, without credentials', async () => {
    expect((await api.request('GET', '/v1/nodes', { version: null })).statusCode).toBe(401);
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const result = validateOpenApi(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('describes every route the router serves, and nothing else', async () => {
    const served = [...new Set(api.routes.map((r) => `${r.method} ${r.url}`))].sort();
    expect(served.length).toBeGreaterThan(100);
    expect(documented((await document()).paths)).toEqual(served);
  });

  it('gives each gated route the microversion it needs, from the code that gates it', async () => {
    const doc = await document();
    expect(operation(doc, 'get', '/v1/nodes/{ident}/history')['x-openstack-microversion-min']).toBe('1.78');
    expect(operation(doc, 'get', '/v1/nodes/{ident}/history').description).toContain('NODE_HISTORY');
    expect(operation(doc, 'get', '/v1/shards')['x-openstack-microversion-min']).toBe('1.82');
    expect(operation(doc, 'get', '/v1/portgroups')['x-openstack-microversion-min']).toBe('1.23');
    expect(operation(doc, 'get', '/v1/nodes/{ident}')['x-openstack-microversion-min']).toBeUndefined();
    expect(operation(doc, 'get', '/v1/nodes/{ident}/history').parameters).toEqual(
      expect.arrayContaining([{ name: 'ident', in: 'path', required: true, schema: { type: 'string' } }, expect.objectContaining({ name: 'limit', in: 'query' })]),
    );
  });

  it('shows the body schemas the handlers validate against, and who may call without credentials', async () => {
    const doc = await document();
    const create = operation(doc, 'post', '/v1/runbooks').requestBody as { content: Record<string, { schema: { $ref: string } }> };
    const schema = doc.components.schemas[create.content['application/json'].schema.$ref.split('/').pop()!] as { required: string[] };
    expect(schema.required).toContain('steps');
    expect(operation(doc, 'patch', '/v1/nodes/{ident}').requestBody).toEqual({ required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/JsonPatch' } } } });
    expect(operation(doc, 'get', '/v1/lookup')).toMatchObject({ security: [] });
    expect(operation(doc, 'get', '/v1/nodes').security).toBeUndefined();
  });

  it('serves the same document at /v1/ferrum/openapi, where a version below 1.91 strips the .json', async () => {
    const reply = await api.request('GET', '/v1/ferrum/openapi.json', { version: '1.50' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual(await document());
  });

  it('renders /docs as HTML naming the operations, and every asset it references loads', async () => {
    const page = await api.request('GET', '/docs', { version: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/v1/nodes/{ident}/history');
    expect(page.body).toContain('id="putV1NodesIdentStatesProvision"');
    const assets = [...page.body.matchAll(/(?:href|src)="([^"#]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/docs/reference.css', '/v1/ferrum/openapi.json']));
    for (const url of assets) {
      expect(url.startsWith('/')).toBe(true); // nothing from another host
      const asset = await api.request('GET', url, { version: null });
      expect([url, asset.statusCode]).toEqual([url, 200]);
    }
    expect((await api.request('GET', '/docs/reference.css', { version: null })).headers['content-type']).toMatch(/^text\/css/);
  });
});
