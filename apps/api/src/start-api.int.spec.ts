import { allOptions, loadConfig } from '@ferrum/config';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ApiHandle, startApi } from './start-api';

describe('startApi', () => {
  let db: TestDatabase;
  let transport: Transport;
  let api: ApiHandle;
  beforeAll(async () => {
    db = await createTestDatabase();
    [transport] = await createTestTransports(1);
    const config = loadConfig(allOptions, { FERRUM_API_PORT: '1' });
    api = await startApi({ config: { ...config, apiPort: 0 }, repos: db.repos, transport, logger: silentLogger() });
  });
  afterAll(async () => {
    await api.close();
    await transport.close();
    await db.close();
  });

  it('listens on a free port and builds links from the address it got when no public URL is set', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${api.url}/v1`, { headers: { 'X-OpenStack-Ironic-API-Version': '1.78' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-openstack-ironic-api-version')).toBe('1.78');
    const body = (await res.json()) as { links: { href: string }[] };
    expect(body.links[0].href).toBe(`${api.url}/v1/`);
  });

  it('sends no Content-Type and no body on a 204 over real HTTP', async () => {
    const chassis = (await (await fetch(`${api.url}/v1/chassis`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).json()) as {
      uuid: string;
    };
    const res = await fetch(`${api.url}/v1/chassis/${chassis.uuid}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('answers 503 when no conductor is alive, so the CLI retries', async () => {
    const res = await fetch(`${api.url}/v1/nodes`, { method: 'POST', body: '{"driver": "fake-hardware"}', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(503);
    const inner = JSON.parse(((await res.json()) as { error_message: string }).error_message) as { faultcode: string };
    expect(inner.faultcode).toBe('Server');
  });
});
