import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { silentLogger } from '@ferrum/logging';
import { Observability } from '@ferrum/observability';
import { TestDatabase, createTestDatabase, createTestTransports, liveHeapBytes } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
// The fuzz suite composes the roles in one process, as apps/ferrum's --role all does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Links, createApiApp, routesOf } from '@ferrum/api';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ConductorHandle, startConductor } from '@ferrum/conductor';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { InspectorHandle, startInspector } from '@ferrum/inspector';
import { request } from 'undici';
import { Fuzz } from './generators';

// FERRUM_FUZZ_API_REQUESTS raises the count for a longer hunt (the heap bound below is sized for the default).
const API_REQUESTS = Number(process.env.FERRUM_FUZZ_API_REQUESTS ?? 4000);
const INSPECTOR_REQUESTS = 1500;
const seed = Number(process.env.FERRUM_FUZZ_SEED ?? Date.now() % 2 ** 31);

const NODE_FIELDS = ['driver', 'name', 'uuid', 'driver_info', 'properties', 'extra', 'instance_info', 'chassis_uuid', 'resource_class', 'network_interface', 'boot_interface', 'power_interface', 'target', 'configdrive', 'clean_steps', 'deploy_steps', 'rescue_password', 'boot_device', 'persistent', 'reason', 'address', 'node_uuid', 'pxe_enabled', 'local_link_connection', 'physical_network', 'description', 'callback_url', 'agent_token', 'agent_version', 'op', 'path', 'value', 'inventory', 'addresses', 'version'];
const INSPECTOR_FIELDS = ['uuid', 'description', 'scope', 'conditions', 'actions', 'inventory', 'interfaces', 'all_interfaces', 'boot_interface', 'error', 'ipmi_address', 'macs', 'logs', 'field', 'op', 'action', 'path', 'value', 'manage_boot'];

/**
 * Every route of the API and the inspector, from their route tables, given thousands of generated malformed
 * requests (odd path segments, query arguments, microversions, bodies: invalid JSON, wrong kinds, deep
 * nesting, huge strings, NUL, prototype keys). None may answer 5xx, and memory must not keep growing.
 */
describe('fuzz: malformed requests on every route', () => {
  let db: TestDatabase;
  let transports: Transport[];
  let conductor: ConductorHandle;
  let inspector: InspectorHandle;
  let api: NestFastifyApplication;
  const known: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(3);
    const config = loadConfig(allOptions, {
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '1',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '10',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
      FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0',
      FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0',
      FERRUM_INSPECTOR_STATUS_CHECK_PERIOD_S: '0',
    });
    conductor = await startConductor({ config: { ...config, hostname: `fuzz-${randomUUID().slice(0, 8)}` }, repos: db.repos, transport: transports[0], logger: silentLogger(), observability: new Observability() });
    api = await createApiApp({ config, repos: db.repos, transport: transports[1], logger: silentLogger() }, new Links('http://ironic.test:6385'));
    inspector = await startInspector({ config: { ...config, inspectorPort: 0 }, repos: db.repos, transport: transports[2], logger: silentLogger(), observability: new Observability() });
    const fastify = api.getHttpAdapter().getInstance();
    for (let i = 0; i < 3; i++) {
      const res = await fastify.inject({ method: 'POST', url: '/v1/nodes', headers: { 'X-OpenStack-Ironic-API-Version': '1.82', 'Content-Type': 'application/json' }, payload: JSON.stringify({ driver: 'fake-hardware', name: `fuzz-${i}` }) });
      known.push(res.json<{ uuid: string }>().uuid, `fuzz-${i}`);
    }
    console.log(`fuzz seed ${seed} (FERRUM_FUZZ_SEED=${seed} reproduces this run)`);
  }, 60_000);

  afterAll(async () => {
    await inspector?.close();
    await api?.close();
    await conductor?.close();
    await Promise.all([...new Set(transports ?? [])].map((t) => t.close()));
    await db?.close();
  });

  it(`answers ${API_REQUESTS} malformed API requests on every route with no 5xx, and memory does not keep growing`, async () => {
    const routes = routesOf(api).filter((r) => r.url.startsWith('/v1'));
    expect(routes.length).toBeGreaterThan(40);
    const fuzz = new Fuzz(seed);
    const fastify = api.getHttpAdapter().getInstance();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const send = async (i: number) => {
      const route = routes[i % routes.length];
      const url = route.url.replace(/:[a-z_]+/g, () => fuzz.segment(known)) + fuzz.query();
      const headers: Record<string, string> = {};
      const version = fuzz.version();
      if (version !== null) headers['X-OpenStack-Ironic-API-Version'] = version;
      const body = route.method === 'GET' && fuzz.next() < 0.8 ? undefined : fuzz.body(NODE_FIELDS);
      if (body !== undefined) headers['Content-Type'] = fuzz.pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
      // The event stream's answer never ends: it is taken as a stream, and a stream that opened (200) is closed.
      const streaming = route.url === '/v1/ferrum/events';
      const res = await fastify.inject({ method: route.method as 'GET', url, headers, payload: body, payloadAsStream: streaming });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (streaming && res.statusCode === 200) return void res.stream().destroy();
      const text = streaming ? await readAll(res.stream()) : res.body;
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${route.method} ${url.slice(0, 200)} body=${String(body).slice(0, 200)} → ${text.slice(0, 300)}`);
    };
    for (let i = 0; i < 500; i++) await send(i);
    const before = await liveHeapBytes();
    for (let i = 500; i < API_REQUESTS; i++) await send(i);
    const grownMb = ((await liveHeapBytes()) - before) / 2 ** 20;
    console.log(`API fuzz: ${API_REQUESTS} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; heap +${grownMb.toFixed(1)} MiB after the first 500`);
    expect(failures).toEqual([]);
    // Measured after a forced collection, so only what stays reachable counts: a leak of a few KiB per request
    // (a retained body, a listener, a pending promise) over the 3,500 requests measured would break this bound.
    expect(grownMb).toBeLessThan(8);
  }, 300_000);

  it(`answers ${INSPECTOR_REQUESTS} malformed inspector requests on every route with no 5xx`, async () => {
    const routes = inspector.routes.filter((r) => r.url.startsWith('/v1'));
    expect(routes.length).toBeGreaterThan(8);
    const fuzz = new Fuzz(seed + 1);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < INSPECTOR_REQUESTS; i++) {
      const route = routes[i % routes.length];
      const url = route.url.replace(/:[a-z_]+/g, () => fuzz.segment(known)) + fuzz.query();
      const headers: Record<string, string> = {};
      const version = fuzz.pick([null, '1.0', '1.18', 'latest', '1.99', 'abc']);
      if (version !== null) headers['X-OpenStack-Ironic-Inspector-API-Version'] = version;
      const body = route.method === 'GET' && fuzz.next() < 0.8 ? undefined : fuzz.body(INSPECTOR_FIELDS);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      // undici's request, not fetch: a body on a GET is sent as a client may send it (fetch refuses to).
      const res = await request(`${inspector.url}${url}`, { method: route.method as 'GET', headers, body });
      const text = await res.body.text();
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${route.method} ${url.slice(0, 200)} body=${String(body).slice(0, 200)} → ${text.slice(0, 300)}`);
    }
    await inspector.idle();
    console.log(`inspector fuzz: ${INSPECTOR_REQUESTS} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures).toEqual([]);
  }, 300_000);
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
