import { ConfigError, allOptions, loadConfig } from '@ferrum/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ferrum/logging';
import { Observability } from '@ferrum/observability';
import { TestDatabase, createTestDatabase, createTestTransports } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { InspectorHandle, startInspector } from './start-inspector';

describe('inspector API (no conductor needed)', () => {
  let db: TestDatabase;
  let transport: Transport;
  let inspector: InspectorHandle;

  beforeAll(async () => {
    db = await createTestDatabase();
    [transport] = await createTestTransports(1);
    const config = loadConfig(allOptions, { FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0', FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0' });
    inspector = await startInspector({ config: { ...config, inspectorPort: 0 }, repos: db.repos, transport, logger: silentLogger(), observability: new Observability() });
  });
  afterAll(async () => {
    await inspector.close();
    await transport.close();
    await db.close();
  });

  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${inspector.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text)) : undefined;
    return { status: res.status, headers: res.headers, text, json };
  };

  it('listens on the port the OS picked when asked for port 0', () => {
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('answers /healthz, /readyz and /metrics with every introspection state', async () => {
    expect((await http('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await http('GET', '/readyz')).status).toBe(200);
    const metrics = await http('GET', '/metrics');
    expect(metrics.text).toContain('ferrum_inspector_introspections{state="waiting"} 0');
  });

  it('lists its version and resources, with the supported range on every response', async () => {
    const root = await http('GET', '/');
    expect(root.status).toBe(200);
    expect(root.json.versions[0]).toMatchObject({ id: '1.18', status: 'CURRENT' });
    expect(root.json.versions[0].links[0].href).toBe(`${inspector.url}/v1`);
    expect(root.headers.get('x-openstack-ironic-inspector-api-minimum-version')).toBe('1.0');
    expect(root.headers.get('x-openstack-ironic-inspector-api-maximum-version')).toBe('1.18');
    const v1 = await http('GET', '/v1/');
    expect(v1.json.resources.map((r: { name: string }) => r.name)).toEqual(['introspection', 'continue', 'rules']);
  });

  it.each([
    ['1.19', 406],
    ['0.9', 406],
    ['one', 400],
    ['latest', 200],
    ['1.0', 200],
  ])('answers API version %s with %i', async (version, status) => {
    const res = await http('GET', '/v1/rules', undefined, { 'X-OpenStack-Ironic-Inspector-API-Version': version });
    expect(res.status).toBe(status);
    if (status !== 200) expect(typeof res.json.error.message).toBe('string');
  });

  it('answers unknown routes and unknown nodes with 404 in the inspector error format', async () => {
    expect((await http('GET', '/v1/nope')).json).toEqual({ error: { message: expect.any(String) } });
    const missing = await http('GET', `/v1/introspection/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/not found/i);
    expect((await http('POST', `/v1/introspection/${randomUUID()}`)).status).toBe(404);
    expect((await http('POST', `/v1/introspection/${randomUUID()}/abort`)).status).toBe(404);
  });

  it('refuses a callback body that is not a JSON object with 400, and malformed JSON too', async () => {
    expect((await http('POST', '/v1/continue', [1, 2])).status).toBe(400);
    expect((await http('POST', '/v1/continue', '{nope')).status).toBe(400);
    expect((await http('POST', '/v1/continue', { inventory: { interfaces: [] } })).json.error.message).toContain('inventory is empty');
  });

  it('refuses NUL (which PostgreSQL cannot hold) in a body, a path or a query with 400, naming where', async () => {
    const message = (where: string) => `Invalid input for ${where}: the NUL character (\\u0000) is not allowed.`;
    const body = await http('POST', '/v1/continue', { inventory: { interfaces: [{ name: 'eth\u0000' }] } });
    expect({ status: body.status, json: body.json }).toEqual({ status: 400, json: { error: { message: message('inventory.interfaces[0].name') } } });
    for (const url of ['/v1/introspection/a%00b', '/v1/rules/a%00b', '/v1/introspection?marker=%00']) {
      const res = await http('GET', url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.json.error.message).toMatch(/^Invalid input for \S+: the NUL character/);
    }
  });

  it('creates, shows, lists and deletes rules; validation errors are 400 and a duplicate uuid 409', async () => {
    const rule = {
      description: 'profile by memory',
      conditions: [{ op: 'ge', field: 'memory_mb', value: 4096 }],
      actions: [{ action: 'set-capability', name: 'profile', value: 'compute' }],
    };
    const created = await http('POST', '/v1/rules', rule);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ description: 'profile by memory', conditions: [{ op: 'ge', field: 'memory_mb', value: 4096, multiple: 'any', invert: false }] });
    const uuid = created.json.uuid as string;
    expect((await http('POST', '/v1/rules', { ...rule, uuid })).status).toBe(409);
    expect((await http('POST', '/v1/rules', rule, { 'X-OpenStack-Ironic-Inspector-API-Version': '1.5' })).status).toBe(200);
    expect((await http('GET', `/v1/rules/${uuid}`)).json.actions).toEqual(rule.actions);
    expect((await http('GET', '/v1/rules')).json.rules.map((r: { uuid: string }) => r.uuid)).toContain(uuid);
    const del = await http('DELETE', `/v1/rules/${uuid}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await http('GET', `/v1/rules/${uuid}`)).status).toBe(404);
    expect((await http('DELETE', `/v1/rules/${uuid}`)).status).toBe(404);
    expect((await http('DELETE', '/v1/rules')).status).toBe(204);
    expect((await http('GET', '/v1/rules')).json.rules).toEqual([]);
  });

  it.each([
    ['no actions', { conditions: [], actions: [] }],
    ['an unknown condition', { conditions: [{ op: 'like', field: 'x', value: 1 }], actions: [{ action: 'fail', message: 'x' }] }],
    ['a condition without value', { conditions: [{ op: 'eq', field: 'x' }], actions: [{ action: 'fail', message: 'x' }] }],
    ['an unknown field scheme', { conditions: [{ op: 'eq', field: 'http://x', value: 1 }], actions: [{ action: 'fail', message: 'x' }] }],
    ['a bad regex', { conditions: [{ op: 'matches', field: 'x', value: '(' }], actions: [{ action: 'fail', message: 'x' }] }],
    ['an unknown action', { actions: [{ action: 'explode' }] }],
    ['a missing action parameter', { actions: [{ action: 'set-attribute', path: '/extra/x' }] }],
    ['a bad uuid', { uuid: 'nope', actions: [{ action: 'fail', message: 'x' }] }],
    ['a scope over 255 characters', { scope: 'x'.repeat(256), actions: [{ action: 'fail', message: 'x' }] }],
  ])('refuses a rule with %s (400, nothing stored)', async (_name, body) => {
    const before = (await http('GET', '/v1/rules')).json.rules.length as number;
    expect((await http('POST', '/v1/rules', body)).status).toBe(400);
    expect((await http('GET', '/v1/rules')).json.rules.length).toBe(before);
  });

  it('validates the introspection list parameters', async () => {
    expect((await http('GET', '/v1/introspection?limit=-1')).status).toBe(400);
    expect((await http('GET', '/v1/introspection?limit=1001')).status).toBe(400);
    expect((await http('GET', '/v1/introspection?state=bogus')).status).toBe(400);
    expect((await http('GET', `/v1/introspection?marker=${randomUUID()}`)).status).toBe(404);
    expect((await http('GET', '/v1/introspection?limit=0')).json).toEqual({ introspection: expect.any(Array) });
  });

  it('serves the inspection iPXE script with the callback URL and BOOTIF, and boot.ipxe falling back to it', async () => {
    const res = await http('GET', '/inspector.ipxe');
    expect(res.text.startsWith('#!ipxe\n')).toBe(true);
    expect(res.text).toContain(`ipa-inspection-callback-url=${inspector.url}/v1/continue`);
    expect(res.text).toContain('BOOTIF=${mac}');
    const boot = await http('GET', '/boot.ipxe');
    expect(boot.text).toContain(`chain --autofree ${inspector.url}/pxelinux.cfg/\${mac:hexhyp} || goto inspect`);
    expect(boot.text).toContain(`chain --autofree ${inspector.url}/inspector.ipxe`);
  });

  it("serves a network-booting node's own iPXE configuration by the MAC of its port, and 404 for any other", async () => {
    const node = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'cleaning' });
    const mac = `52:54:00:${randomUUID().slice(0, 2)}:${randomUUID().slice(0, 2)}:07`;
    await db.repos.ports.insert({ uuid: randomUUID(), address: mac, node_id: node.id });
    const url = `/pxelinux.cfg/${mac.toUpperCase().replace(/:/g, '-')}`;
    expect((await http('GET', url)).status).toBe(404);
    await db.repos.netboot.write(node.id, '#!ipxe\necho deploy\n');
    expect(await http('GET', url)).toMatchObject({ status: 200, text: '#!ipxe\necho deploy\n' });
    await db.repos.netboot.remove(node.id);
    expect((await http('GET', url)).status).toBe(404);
    expect((await http('GET', '/pxelinux.cfg/not-a-mac')).status).toBe(404);
  });

  it('serves the ramdisk callback and the iPXE script, and nothing else, on a separate provisioning listener', async () => {
    const config = loadConfig(allOptions, {
      FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0',
      FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0',
      FERRUM_INSPECTOR_CALLBACK_HOST: '127.0.0.2',
      FERRUM_INSPECTOR_CALLBACK_URL: 'http://192.0.2.1:5050',
    });
    const second = await startInspector({
      config: { ...config, inspectorPort: 0, inspectorCallbackPort: 0 },
      repos: db.repos,
      transport,
      logger: silentLogger(),
      observability: new Observability(),
    });
    try {
      expect(second.callbackUrl).toMatch(/^http:\/\/127\.0\.0\.2:[1-9]\d*$/);
      const script = await (await fetch(`${second.callbackUrl}/inspector.ipxe`)).text();
      expect(script).toContain('ipa-inspection-callback-url=http://192.0.2.1:5050/v1/continue');
      const cb = await fetch(`${second.callbackUrl}/v1/continue`, { method: 'POST', body: '[]', headers: { 'Content-Type': 'application/json' } });
      expect(cb.status).toBe(400);
      await cb.body?.cancel();
      const rules = await fetch(`${second.callbackUrl}/v1/rules`);
      expect(rules.status).toBe(404);
      await rules.body?.cancel();
    } finally {
      await second.close();
    }
  });
});

describe('inspector start-up', () => {
  it('refuses to start on a bad built-in rules file, naming the option and the rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferrum-rules-'));
    const db = await createTestDatabase();
    const [transport] = await createTestTransports(1);
    try {
      writeFileSync(join(dir, 'rules.yaml'), '- actions: [{op: no-such-action, args: {}}]\n');
      const config = loadConfig(allOptions, { FERRUM_INSPECTION_BUILT_IN_RULES: join(dir, 'rules.yaml'), FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0' });
      const started = startInspector({ config: { ...config, inspectorPort: 0 }, repos: db.repos, transport, logger: silentLogger(), observability: new Observability() });
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/FERRUM_INSPECTION_BUILT_IN_RULES=.*rules\.yaml: .*rule 0.*no-such-action/s);
    } finally {
      await transport.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
