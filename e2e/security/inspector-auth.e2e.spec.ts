import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const basic = (user: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:pw`).toString('base64')}` });

/**
 * The inspector (ironic-inspector's API) under http_basic with roles: its version documents and the
 * ramdisk callback are public, status needs a system reader, the rest a system admin, as
 * ironic-inspector's default policy says; refusals in its error format.
 */
describe('inspector authentication and policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-inspector-auth-'));
  let ferrum: FerrumProcess;
  let inspector: string;

  beforeAll(async () => {
    const users = ['ops', 'viewer', 'tenant'];
    writeFileSync(join(dir, 'htpasswd'), users.map((u) => `${u}:${bcrypt.hashSync('pw', 4)}`).join('\n'));
    writeFileSync(join(dir, 'roles.yaml'), 'ops: {roles: [admin], system: true}\nviewer: {roles: [reader], system: true}\ntenant: {roles: [admin], project_id: p1}\n');
    const [apiPort, inspectorPort] = [await freePort(), await freePort()];
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(apiPort),
      FERRUM_INSPECTOR_PORT: String(inspectorPort),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'),
      FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml'),
    });
    await new IronicHttp(`http://127.0.0.1:${apiPort}`).waitUntilUp(30_000);
    inspector = `http://127.0.0.1:${inspectorPort}`;
  });
  afterAll(async () => {
    await ferrum?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${inspector}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: method === 'POST' ? '{}' : undefined });
    return { status: r.status, body: (await r.text()) || undefined };
  };

  it('keeps the version documents and the callback public, and asks credentials for the rest', async () => {
    expect((await call('GET', '/')).status).toBe(200);
    expect((await call('GET', '/v1')).status).toBe(200);
    // The callback is public: it fails on its content (no such machine), not on credentials.
    expect((await call('POST', '/v1/continue')).status).not.toBe(401);
    expect(await call('GET', '/v1/introspection')).toEqual({ status: 401, body: JSON.stringify({ error: { message: 'Authentication required' } }) });
    expect((await call('GET', '/metrics')).status).toBe(401);
  });

  it("applies ironic-inspector's default policy to every persona", async () => {
    const node = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
    const denied = JSON.stringify({ error: { message: 'Access denied by policy' } });
    expect((await call('GET', '/v1/introspection', basic('viewer'))).status).toBe(200);
    expect(await call('POST', `/v1/introspection/${node}`, basic('viewer'))).toEqual({ status: 403, body: denied });
    expect(await call('GET', '/v1/rules', basic('viewer'))).toEqual({ status: 403, body: denied });
    expect(await call('GET', '/v1/introspection', basic('tenant'))).toEqual({ status: 403, body: denied });
    expect((await call('GET', '/v1/rules', basic('ops'))).status).toBe(200);
    // An admin gets past the policy to the node lookup (none such: 404).
    expect((await call('POST', `/v1/introspection/${node}`, basic('ops'))).status).toBe(404);
  });
});
