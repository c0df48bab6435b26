import { randomUUID } from 'node:crypto';
import { INTERFACE_KINDS } from '@ferrum/contracts';
import { ApiHarness, PUBLIC_URL, startApiHarness } from '../testing/api-harness';

describe('GET /v1/drivers', () => {
  let api: ApiHarness;
  let fakeHost: string;
  let manualHost: string;
  beforeAll(async () => {
    api = await startApiHarness({ extraConductors: [{ FERRUM_ENABLED_HARDWARE_TYPES: 'manual-management' }] });
    [fakeHost, manualHost] = api.conductors.map((c) => c.hostname);
  });
  afterAll(() => api.close());

  const get = (url: string, version?: string) => api.request('GET', url, { version });
  const names = (reply: { json(): { drivers: { name: string }[] } }) => reply.json().drivers.map((d) => d.name);
  /** Registers a conductor row offering `hardwareType` without any process behind it. */
  const registerGhost = async (hardwareType: string, ageS = 0) => {
    const host = `ghost-${randomUUID().slice(0, 8)}`;
    await api.db.repos.conductors.register(host, '', [{ hardware_type: hardwareType, interface_type: 'power', interface_name: 'fake', is_default: true }]);
    if (ageS) await api.db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - make_interval(secs => $2) WHERE hostname = $1`, [host, ageS]);
    return host;
  };

  it('lists each active hardware type with the alive conductors offering it, its links and type', async () => {
    const reply = await get('/v1/drivers');
    expect(reply.statusCode).toBe(200);
    expect(reply.json().drivers).toEqual([
      {
        name: 'fake-hardware',
        hosts: [fakeHost],
        type: 'dynamic',
        links: [
          { href: `${PUBLIC_URL}/v1/drivers/fake-hardware`, rel: 'self' },
          { href: `${PUBLIC_URL}/drivers/fake-hardware`, rel: 'bookmark' },
        ],
        properties: [
          { href: `${PUBLIC_URL}/v1/drivers/fake-hardware/properties`, rel: 'self' },
          { href: `${PUBLIC_URL}/drivers/fake-hardware/properties`, rel: 'bookmark' },
        ],
      },
      expect.objectContaining({ name: 'manual-management', hosts: [manualHost] }),
    ]);
  });

  it('is computed from the database, without asking any conductor', async () => {
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      expect((await get('/v1/drivers?detail=true')).statusCode).toBe(200);
      expect((await get('/v1/drivers/fake-hardware')).statusCode).toBe(200);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('counts every alive conductor as a host and forgets conductors whose heartbeat expired', async () => {
    const peer = await registerGhost('fake-hardware');
    const dead = await registerGhost('long-gone-hardware', 3600);
    const drivers = (await get('/v1/drivers')).json().drivers as { name: string; hosts: string[] }[];
    expect(drivers.find((d) => d.name === 'fake-hardware')?.hosts).toEqual([fakeHost, peer].sort());
    expect(drivers.map((d) => d.name)).not.toContain('long-gone-hardware');
    expect((await get('/v1/drivers/long-gone-hardware')).statusCode).toBe(404);
    await api.db.repos.dataSource.query(`DELETE FROM conductors WHERE hostname IN ($1, $2)`, [peer, dead]);
  });

  it('shows type from 1.30 and the properties links from 1.14 only', async () => {
    const old = (await get('/v1/drivers', '1.1')).json().drivers[0];
    expect(Object.keys(old).sort()).toEqual(['hosts', 'links', 'name']);
    const v14 = (await get('/v1/drivers', '1.14')).json().drivers[0];
    expect(Object.keys(v14).sort()).toEqual(['hosts', 'links', 'name', 'properties']);
    expect(Object.keys((await get('/v1/drivers', '1.30')).json().drivers[0])).toContain('type');
  });

  it('adds default and enabled interfaces with detail=true, storage from 1.33, rescue from 1.38, bios from 1.40 and firmware from 1.86', async () => {
    const detail = (await get('/v1/drivers?detail=true', '1.86')).json().drivers[0];
    for (const kind of INTERFACE_KINDS) {
      expect(detail).toHaveProperty(`default_${kind}_interface`);
      expect(detail).toHaveProperty(`enabled_${kind}_interfaces`);
    }
    expect(detail).toMatchObject({
      default_power_interface: 'fake',
      enabled_power_interfaces: ['fake'],
      default_vendor_interface: 'fake',
      enabled_vendor_interfaces: ['fake', 'no-vendor'],
      default_network_interface: 'flat',
    });
    const keysAt = async (version: string) => Object.keys((await get('/v1/drivers?detail=True', version)).json().drivers[0]);
    expect(await keysAt('1.85')).not.toContain('default_firmware_interface');
    const v30 = await keysAt('1.30');
    expect(v30).toContain('default_boot_interface');
    expect(v30).not.toContain('default_storage_interface');
    expect(v30).not.toContain('enabled_rescue_interfaces');
    expect(v30).not.toContain('default_bios_interface');
    expect(await keysAt('1.33')).toContain('enabled_storage_interfaces');
    expect(await keysAt('1.37')).not.toContain('default_rescue_interface');
    expect(await keysAt('1.38')).toContain('default_rescue_interface');
    expect(await keysAt('1.39')).not.toContain('enabled_bios_interfaces');
    expect(await keysAt('1.40')).toContain('enabled_bios_interfaces');
    expect(Object.keys((await get('/v1/drivers?detail=false')).json().drivers[0])).not.toContain('default_boot_interface');
  });

  it('refuses detail and type below 1.30 with 406', async () => {
    expect((await get('/v1/drivers?detail=true', '1.29')).statusCode).toBe(406);
    expect((await get('/v1/drivers?type=dynamic', '1.29')).statusCode).toBe(406);
  });

  it('finds no classic drivers, all dynamic ones, and refuses any other type with 400', async () => {
    expect((await get('/v1/drivers?type=classic')).json()).toEqual({ drivers: [] });
    expect(names(await get('/v1/drivers?type=dynamic'))).toEqual(['fake-hardware', 'manual-management']);
    const reply = await get('/v1/drivers?type=hybrid');
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('"type" filter must be one of "classic" or "dynamic", if specified.');
  });

  it('selects fields from 1.77, not together with detail, and refuses unknown ones', async () => {
    expect((await get('/v1/drivers?fields=name', '1.76')).statusCode).toBe(406);
    expect((await get('/v1/drivers?fields=name,default_power_interface')).json().drivers[0]).toEqual({
      name: 'fake-hardware',
      default_power_interface: 'fake',
      links: expect.any(Array),
    });
    const both = await get('/v1/drivers?fields=name&detail=true');
    expect(both.statusCode).toBe(400);
    expect(api.error(both).faultstring).toBe('Can not specify ?detail=True and fields in the same request.');
    expect((await get('/v1/drivers?fields=colour')).statusCode).toBe(400);
    expect((await get('/v1/drivers?detail=maybe')).statusCode).toBe(400);
    expect(api.error(await get('/v1/drivers?sort_key=name')).faultstring).toBe('Unexpected arguments: sort_key');
  });

  it('shows one driver in the detailed form, with fields from 1.77', async () => {
    const reply = await get('/v1/drivers/manual-management');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      name: 'manual-management',
      hosts: [manualHost],
      type: 'dynamic',
      default_management_interface: 'noop',
      default_vendor_interface: 'no-vendor',
      enabled_vendor_interfaces: ['no-vendor'],
    });
    expect((await get('/v1/drivers/fake-hardware?fields=hosts')).json()).toEqual({ hosts: [fakeHost], links: expect.any(Array) });
    expect((await get('/v1/drivers/fake-hardware?fields=hosts', '1.76')).statusCode).toBe(406);
  });

  it('answers 404 with DriverNotFound for a driver no alive conductor offers', async () => {
    const reply = await get('/v1/drivers/ipmi');
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply)).toEqual({
      faultcode: 'Client',
      faultstring: 'Could not find the following driver(s) or hardware type(s): ipmi.',
      debuginfo: null,
    });
  });
});

describe('GET /v1/drivers/{name}/properties', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  it('answers the merged properties of the default interfaces, from a conductor', async () => {
    const reply = await api.request('GET', '/v1/drivers/fake-hardware/properties');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ B1: 'B1 description. Required.', B2: 'B2 description. Required.' });
  });

  it('keeps the answer for a while instead of asking a conductor every time', async () => {
    await api.request('GET', '/v1/drivers/fake-hardware/properties');
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      expect((await api.request('GET', '/v1/drivers/fake-hardware/properties')).json()).toHaveProperty('B1');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('answers 404 for an unknown driver, and for one whose conductors stopped answering', async () => {
    expect((await api.request('GET', '/v1/drivers/no-such-hardware/properties')).statusCode).toBe(404);
    const ghost = `ghost-hw-${randomUUID().slice(0, 8)}`;
    await api.db.repos.conductors.register(`ghost-${randomUUID().slice(0, 8)}`, '', [
      { hardware_type: ghost, interface_type: 'power', interface_name: 'fake', is_default: true },
    ]);
    const reply = await api.request('GET', `/v1/drivers/${ghost}/properties`);
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply).faultstring).toBe(`The driver '${ghost}' is unknown.`);
  });

  it('refuses query arguments', async () => {
    expect(api.error(await api.request('GET', '/v1/drivers/fake-hardware/properties?x=1')).faultstring).toBe('Unexpected arguments: x');
  });

  it('answers the RAID logical disk properties from 1.12, and 404 for an unknown driver as Ironic words it', async () => {
    const reply = await api.request('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties');
    expect(reply.statusCode).toBe(200);
    expect(Object.keys(reply.json()).sort()).toEqual(
      ['controller', 'disk_type', 'interface_type', 'is_root_volume', 'number_of_physical_disks', 'physical_disks', 'raid_level', 'share_physical_disks', 'size_gb', 'volume_name'],
    );
    const old = await api.request('GET', '/v1/drivers/fake-hardware/raid/logical_disk_properties', { version: '1.11' });
    expect(old.statusCode).toBe(406);
    expect(api.error(old).faultstring).toBe('Request not acceptable.');
    const unknown = await api.request('GET', '/v1/drivers/no-such-hardware/raid/logical_disk_properties');
    expect(unknown.statusCode).toBe(404);
    expect(api.error(unknown).faultstring).toBe("The driver 'no-such-hardware' is unknown.");
  });
});
