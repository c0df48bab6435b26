import { MAX_VERSION } from '@ferrum/contracts';
import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

/**
 * API 1.95: disable_power_off keeps a node from ever being powered off; reboots still work. Fake hardware.
 * Served once the advertised maximum reaches 1.95 (1.90–1.94 first); until then a 1.95 request is refused and
 * the conductor's refusal is checked on its own.
 */
const SERVED = MAX_VERSION >= 95;

describe('disable_power_off (1.95) while the maximum is below it', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it(SERVED ? 'is served (see below)' : 'refuses a 1.95 request with 406, and the conductor still never powers off a node that has it', async () => {
    if (SERVED) return expect(MAX_VERSION).toBeGreaterThanOrEqual(95);
    const node = await api.createNode();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.95' })).statusCode).toBe(406);
    await api.db.repos.dataSource.query('UPDATE nodes SET disable_power_off = true WHERE uuid = $1', [node.uuid]);
    const refused = await api.request('PUT', `/v1/nodes/${node.uuid}/states/power`, { body: { target: 'power off' } });
    expect([refused.statusCode, api.error(refused).faultstring]).toEqual([409, 'Failed to set node power state to power off.']);
  });
});

(SERVED ? describe : describe.skip)('disable_power_off (1.95)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const power = (uuid: string, target: string) => api.request('PUT', `/v1/nodes/${uuid}/states/power`, { version: '1.95', body: { target } });

  it('is shown and set from 1.95 only, false by default', async () => {
    const node = await api.createNode();
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.94' })).json()).not.toHaveProperty('disable_power_off');
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.95' })).json().disable_power_off).toBe(false);
    const early = await api.request('PATCH', `/v1/nodes/${node.uuid}`, { version: '1.94', body: [{ op: 'replace', path: '/disable_power_off', value: true }] });
    expect(early.statusCode).toBe(406);
    const set = await api.request('PATCH', `/v1/nodes/${node.uuid}`, { version: '1.95', body: [{ op: 'replace', path: '/disable_power_off', value: 'true' }] });
    expect([set.statusCode, set.json().disable_power_off]).toEqual([200, true]);
    const created = await api.request('POST', '/v1/nodes', { version: '1.95', body: { driver: 'fake-hardware', disable_power_off: true } });
    expect([created.statusCode, created.json().disable_power_off]).toEqual([201, true]);
  });

  it('refuses power off and soft power off (409, Ironic\'s words) and still reboots', async () => {
    const node = await api.createNode();
    await api.request('PATCH', `/v1/nodes/${node.uuid}`, { version: '1.95', body: [{ op: 'replace', path: '/disable_power_off', value: true }] });
    expect((await power(node.uuid, 'power on')).statusCode).toBe(202);
    await until(async () => (await api.db.repos.nodes.getByIdent(node.uuid)).power_state === 'power on');
    for (const target of ['power off', 'soft power off']) {
      const refused = await power(node.uuid, target);
      expect([refused.statusCode, api.error(refused).faultstring]).toEqual([409, `Failed to set node power state to ${target}.`]);
    }
    expect((await power(node.uuid, 'rebooting')).statusCode).toBe(202);
    await until(async () => {
      const n = await api.db.repos.nodes.getByIdent(node.uuid);
      return n.target_power_state === null && n.reservation === null;
    });
    expect(await api.db.repos.nodes.getByIdent(node.uuid)).toMatchObject({ power_state: 'power on', last_error: null });
  });
});
