import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

/** A minimal agent inventory (§13.3) with the given NICs, BMC address and system serial. */
function inventory(opts: { macs?: string[]; bmc?: string; serial?: string; product?: string } = {}) {
  return {
    interfaces: (opts.macs ?? []).map((mac, i) => ({ name: `eth${i}`, mac_address: mac, has_carrier: true })),
    cpu: { model_name: 'Test CPU', frequency: '2400.0000', count: 8, architecture: 'x86_64', flags: ['fpu'] },
    memory: { total: 16 * 1024 ** 3, physical_mb: 16384 },
    disks: [{ name: '/dev/sda', size: 500 * 1024 ** 3, rotational: false }],
    bmc_address: opts.bmc ?? '0.0.0.0',
    system_vendor: { product_name: opts.product ?? 'TestBox', serial_number: opts.serial ?? null, manufacturer: 'Ferrum' },
    boot: { current_boot_mode: 'uefi', pxe_interface: null },
  };
}

let macCounter = 0;
const newMac = () => `52:54:00:00:${(++macCounter >> 8).toString(16).padStart(2, '0')}:${(macCounter & 0xff).toString(16).padStart(2, '0')}`;

describe('agent lookup and heartbeat (§13 ramdisk endpoints, driver passthru lookup)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // The agent's legacy passthru methods are on the types an agent boots on, not on fake-hardware.
    api = await startApiHarness({ env: { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management' } });
  });
  afterAll(() => api.close());

  const setState = (uuid: string, state: string) => api.db.repos.dataSource.query('UPDATE nodes SET provision_state = $1 WHERE uuid = $2', [state, uuid]);
  const internalInfo = async (uuid: string) => (await api.db.repos.nodes.getByIdent(uuid)).driver_internal_info;
  const passthruLookup = (body: unknown) => api.request('POST', '/v1/drivers/manual-management/vendor_passthru/lookup', { body });

  /** A node in `state` with one port per MAC. */
  async function node(state: string, macs: string[], fields: Record<string, unknown> = {}) {
    const created = await api.createNode(fields);
    for (const mac of macs) expect((await api.request('POST', '/v1/ports', { body: { node_uuid: created.uuid, address: mac } })).statusCode).toBe(201);
    await setState(created.uuid as string, state);
    return created.uuid as string;
  }

  it('finds a node by MAC on GET /v1/lookup and hands out the token exactly once', async () => {
    const mac = newMac();
    const uuid = await node('wait call-back', [mac]);
    const first = await api.request('GET', `/v1/lookup?addresses=${mac.toUpperCase()},not-a-mac`);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(Object.keys(body.node).sort()).toEqual(['driver_internal_info', 'instance_info', 'links', 'properties', 'uuid']);
    expect(body.node.uuid).toBe(uuid);
    expect(body.node.links[0].href).toMatch(new RegExp(`/v1/nodes/${uuid}$`));
    expect(Object.keys(body)).toEqual(['node', 'config']);
    expect(body.config).toMatchObject({ heartbeat_timeout: 300, agent_token_required: true });
    expect(body.config.agent_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Stored hashed, never in clear; shown masked from then on.
    const stored = (await internalInfo(uuid)).agent_secret_token as string;
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored).not.toContain(body.config.agent_token);
    const second = (await api.request('GET', `/v1/lookup?addresses=${mac}`)).json();
    expect(second.config.agent_token).toBe('******');
    expect(second.node.driver_internal_info.agent_secret_token).toBe('******');
    expect((await api.request('GET', `/v1/nodes/${uuid}`)).json().driver_internal_info.agent_secret_token).toBe('******');
  });

  it('finds a node by MAC through the driver passthru lookup ({version: "2", inventory}) on an agent\'s hardware type', async () => {
    const mac = newMac();
    const uuid = await node('clean wait', [mac]);
    const reply = await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac(), mac] }) });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ node: { uuid }, heartbeat_timeout: 300, config: { agent_token: expect.any(String) } });
  });

  it('finds a node by BMC address (driver_info *_address, URLs too) when no port matches', async () => {
    const uuid = await node('inspect wait', [], { driver_info: { redfish_address: 'https://10.20.30.40:8000/redfish/v1' } });
    const reply = await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac()], bmc: '10.20.30.40' }) });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().node.uuid).toBe(uuid);
  });

  it('finds a node by system serial number in properties or extra', async () => {
    const byProps = await node('deploying', [], { properties: { serial_number: 'SN-PROPS-1' } });
    const byExtra = await node('cleaning', [], { extra: { system_serial_number: 'SN-EXTRA-1' } });
    expect((await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac()], serial: 'sn-props-1' }) })).json().node.uuid).toBe(byProps);
    expect((await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac()], serial: 'SN-EXTRA-1' }) })).json().node.uuid).toBe(byExtra);
  });

  it('looks up with an inventory that lacks what the strategies do not read (IPA may send no CPU model)', async () => {
    const mac = newMac();
    const uuid = await node('clean wait', [mac]);
    const reply = await passthruLookup({ version: '2', inventory: { interfaces: [{ name: 'eth0', mac_address: mac }], cpu: { model_name: null } } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().node.uuid).toBe(uuid);
    expect((await passthruLookup({ version: '2', inventory: { interfaces: [{ mac_address: mac }] } })).json().node.uuid).toBe(uuid);
  });

  it('has no lookup on fake-hardware, whose vendor is exactly Ironic\'s fake', async () => {
    const reply = await api.request('POST', '/v1/drivers/fake-hardware/vendor_passthru/lookup', { body: { version: '2', inventory: inventory({ macs: [newMac()] }) } });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe('No handler for method lookup');
  });

  it('allows lookup in enroll, manageable and available when driver_info.fast_track is on for the node (Ironic\'s fast_track_enabled)', async () => {
    const mac = newMac();
    const uuid = await node('manageable', [mac], { driver_info: { fast_track: 'yes' } });
    const old = await api.request('GET', `/v1/lookup?addresses=${mac}`, { version: '1.61' });
    expect(old.statusCode).toBe(200);
    // Below 1.62 no token is issued, as in Ironic.
    expect(old.json().config.agent_token).toBeNull();
    expect(await internalInfo(uuid)).not.toHaveProperty('agent_secret_token');
    expect((await api.request('GET', `/v1/lookup?addresses=${mac}`)).json().config.agent_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const off = await node('available', [newMac()], { driver_info: { fast_track: false } });
    expect((await api.request('GET', `/v1/lookup?node_uuid=${off}`)).statusCode).toBe(404);
    const bad = await node('available', [], { driver_info: { fast_track: 'maybe' } });
    const refused = await api.request('GET', `/v1/lookup?node_uuid=${bad}`);
    expect(refused.statusCode).toBe(400);
    expect(api.error(refused).faultstring).toMatch(/^Invalid value of fast_track: Unrecognized value 'maybe'/);
  });

  it('finds a node by node_uuid (as inspection hands it over)', async () => {
    const uuid = await node('rescue wait', []);
    expect((await api.request('GET', `/v1/lookup?node_uuid=${uuid}`)).json().node.uuid).toBe(uuid);
  });

  it('answers 404 when the MACs belong to several nodes, and when several nodes share the serial (never guesses)', async () => {
    const [a, b] = [newMac(), newMac()];
    await node('wait call-back', [a]);
    await node('wait call-back', [b]);
    expect((await api.request('GET', `/v1/lookup?addresses=${a},${b}`)).statusCode).toBe(404);
    await node('deploying', [], { properties: { serial_number: 'TWIN' } });
    await node('deploying', [], { properties: { serial_number: 'TWIN' } });
    expect((await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac()], serial: 'TWIN' }) })).statusCode).toBe(404);
  });

  it('answers 404 for a node in a state that does not allow lookup, and for an unknown machine', async () => {
    const mac = newMac();
    const uuid = await node('available', [mac]);
    expect((await api.request('GET', `/v1/lookup?addresses=${mac}`)).statusCode).toBe(404);
    expect((await passthruLookup({ version: '2', inventory: inventory({ macs: [mac] }) })).statusCode).toBe(404);
    expect((await passthruLookup({ version: '2', inventory: inventory({ macs: [newMac()] }) })).statusCode).toBe(404);
    expect(await internalInfo(uuid)).not.toHaveProperty('agent_secret_token');
  });

  it('refuses incomplete and malformed lookups with 400, and hides the endpoints below 1.22', async () => {
    const none = await api.request('GET', '/v1/lookup?addresses=zz');
    expect(none.statusCode).toBe(400);
    expect(api.error(none).faultstring).toBe("At least one of 'addresses' and 'node_uuid' parameters is required");
    const unknown = await api.request('GET', `/v1/lookup?addresses=${newMac()}`);
    expect(api.error(unknown).faultstring).toBe('Resource could not be found.');
    expect((await api.request('GET', '/v1/lookup?node_uuid=nope')).statusCode).toBe(400);
    expect((await passthruLookup({ version: '1', inventory: inventory({ macs: [newMac()] }) })).statusCode).toBe(400);
    expect((await passthruLookup({ version: '2', inventory: { interfaces: 'eth0' } })).statusCode).toBe(400);
    expect((await api.request('GET', `/v1/lookup?addresses=${newMac()}`, { version: '1.21' })).statusCode).toBe(404);
  });

  it('answers the inspection callback 503 when no inspector runs, and writes nothing', async () => {
    const mac = newMac();
    const uuid = await node('inspect wait', [mac]);
    // A ramdisk sends no version header: the callback is served at the base version.
    const reply = await api.request('POST', '/v1/continue_inspection', { version: null, body: { inventory: inventory({ macs: [mac] }) } });
    expect(reply.statusCode).toBe(503);
    expect(api.error(reply).faultstring).toBe('No inspector is running to process inspection data; start one (--role inspector) and retry.');
    expect(await api.db.repos.nodes.getByIdent(uuid)).toMatchObject({ provision_state: 'inspect wait', reservation: null, properties: {} });
  });

  describe('heartbeat', () => {
    async function lookedUp(state: string) {
      const mac = newMac();
      const uuid = await node(state, [mac]);
      const token = (await api.request('GET', `/v1/lookup?addresses=${mac}`)).json().config.agent_token as string;
      return { uuid, token };
    }
    const beat = (uuid: string, body: Record<string, unknown>, version?: string) => api.request('POST', `/v1/heartbeat/${uuid}`, { body, version });

    it('records the agent URL, version and time with the right token: 202, no body', async () => {
      const { uuid, token } = await lookedUp('deploying');
      const reply = await beat(uuid, { callback_url: 'http://10.0.0.7:9999', agent_token: token, agent_version: '10.0.0' });
      expect(reply.statusCode).toBe(202);
      expect(reply.body).toBe('');
      expect(await internalInfo(uuid)).toMatchObject({ agent_url: 'http://10.0.0.7:9999', agent_version: '10.0.0', agent_last_heartbeat: expect.any(String) });
    });

    it('answers 400 without a token and with a wrong one (Ironic\'s messages), recording nothing', async () => {
      const { uuid, token } = await lookedUp('deploying');
      const before = await internalInfo(uuid);
      const missing = await beat(uuid, { callback_url: 'http://10.0.0.8:9999', agent_version: '10.0.0' });
      expect(missing.statusCode).toBe(400);
      expect(api.error(missing).faultstring).toBe('Agent token is required for heartbeat processing.');
      const wrong = await beat(uuid, { callback_url: 'http://10.0.0.8:9999', agent_token: `${token.slice(1)}x`, agent_version: '10.0.0' });
      expect(wrong.statusCode).toBe(400);
      expect(api.error(wrong).faultstring).toBe('Invalid or missing agent token received.');
      expect(await internalInfo(uuid)).toEqual(before);
    });

    it('answers 400 to a callback URL other than the recorded one, a field newer than the version, or no agent_version', async () => {
      const { uuid, token } = await lookedUp('deploying');
      expect((await beat(uuid, { callback_url: 'http://10.0.0.9:9999', agent_token: token, agent_version: '1' })).statusCode).toBe(202);
      const moved = await beat(uuid, { callback_url: 'http://10.0.0.10:9999', agent_token: token, agent_version: '1' });
      expect(api.error(moved).faultstring).toBe('Detected change in ramdisk provided "callback_url"');
      expect((await beat(uuid, { callback_url: 'http://10.0.0.9:9999', agent_token: token, agent_version: '1' }, '1.35')).statusCode).toBe(400);
      const noVersion = await beat(uuid, { callback_url: 'http://10.0.0.9:9999', agent_token: token });
      expect(api.error(noVersion).faultstring).toBe('Agent did not transmit a version, and a version is required. Please update the agent being used.');
      expect((await beat('00000000-0000-4000-8000-000000000000', { callback_url: 'http://x:1', agent_token: token, agent_version: '1' })).statusCode).toBe(404);
    });

    it('takes the legacy heartbeat through node vendor passthru (202) on an agent\'s hardware type and records it', async () => {
      const mac = newMac();
      const uuid = await node('deploying', [mac], { driver: 'manual-management' });
      const token = (await api.request('GET', `/v1/lookup?addresses=${mac}`)).json().config.agent_token as string;
      const reply = await api.request('POST', `/v1/nodes/${uuid}/vendor_passthru/heartbeat`, { body: { agent_url: 'http://10.0.0.12:9999', agent_token: token, agent_version: '1' } });
      expect(reply.statusCode).toBe(202);
      await until(async () => (await internalInfo(uuid)).agent_url === 'http://10.0.0.12:9999');
      const noToken = await api.request('POST', `/v1/nodes/${uuid}/vendor_passthru/heartbeat`, { body: { agent_url: 'http://10.0.0.12:9999' } });
      expect(noToken.statusCode).toBe(400);
    });

    it('forgets the token and agent URL when the node is powered off, so the old token stops working', async () => {
      const { uuid, token } = await lookedUp('deploying');
      expect((await beat(uuid, { callback_url: 'http://10.0.0.13:9999', agent_token: token, agent_version: '1' })).statusCode).toBe(202);
      await setState(uuid, 'manageable');
      expect((await api.request('PUT', `/v1/nodes/${uuid}/states/power`, { body: { target: 'power off' } })).statusCode).toBe(202);
      await until(async () => (await api.db.repos.nodes.getByIdent(uuid)).power_state === 'power off');
      const info = await internalInfo(uuid);
      expect(info).not.toHaveProperty('agent_secret_token');
      expect(info).not.toHaveProperty('agent_url');
      await setState(uuid, 'deploying');
      expect((await beat(uuid, { callback_url: 'http://10.0.0.13:9999', agent_token: token, agent_version: '1' })).statusCode).toBe(400);
    });

    it('ignores heartbeats in inspect wait (nothing recorded)', async () => {
      const { uuid, token } = await lookedUp('inspect wait');
      expect((await beat(uuid, { callback_url: 'http://10.0.0.11:9999', agent_token: token, agent_version: '1' })).statusCode).toBe(202);
      expect(await internalInfo(uuid)).not.toHaveProperty('agent_url');
    });
  });
});

describe('enrollment of unknown machines at lookup (FERRUM_AGENT_ENROLL_UNKNOWN)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management', FERRUM_AGENT_ENROLL_UNKNOWN: 'true', FERRUM_AGENT_ENROLL_DRIVER: 'fake-hardware' } });
  });
  afterAll(() => api.close());

  it('creates exactly one node (enroll, properties and ports from the inventory) for many concurrent lookups of one machine', async () => {
    const macs = ['52:54:00:ee:00:01', '52:54:00:ee:00:02'];
    const body = { version: '2', inventory: inventory({ macs, serial: 'NEW-1' }) };
    const replies = await Promise.all(Array.from({ length: 8 }, () => api.request('POST', '/v1/drivers/manual-management/vendor_passthru/lookup', { body })));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const uuids = new Set(replies.map((r) => r.json().node.uuid as string));
    expect(uuids.size).toBe(1);
    const tokens = replies.map((r) => r.json().config.agent_token as string);
    expect(tokens.filter((t) => t !== '******')).toHaveLength(1);
    const [uuid] = uuids;
    const created = (await api.request('GET', `/v1/nodes/${uuid}`)).json();
    expect(created).toMatchObject({ provision_state: 'enroll', driver: 'fake-hardware', properties: { cpus: 8, cpu_arch: 'x86_64', memory_mb: 16384, local_gb: 499, serial_number: 'NEW-1' } });
    // Created, not moved: as for any new node, no provision state change has happened yet.
    expect(created.provision_updated_at).toBeNull();
    const ports = (await api.request('GET', `/v1/ports?node=${uuid}`)).json().ports.map((p: { address: string }) => p.address).sort();
    expect(ports).toEqual(macs);
    expect((await api.request('GET', '/v1/nodes?fields=uuid')).json().nodes).toHaveLength(1);
  });
});

describe('a lookup racing a power action', () => {
  let api: ApiHarness;
  // The lookup waits on the node's lock as long as a real one would.
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,manual-management', FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '100' } });
  });
  afterAll(() => api.close());

  it('refuses (404) a lookup that waited on the lock while the machine was power-cycled: that agent is from the boot before', async () => {
    const mac = newMac();
    const created = await api.createNode({ driver: 'manual-management' });
    const uuid = created.uuid as string;
    expect((await api.request('POST', '/v1/ports', { body: { node_uuid: uuid, address: mac } })).statusCode).toBe(201);
    await api.db.repos.dataSource.query("UPDATE nodes SET provision_state = 'inspect wait' WHERE uuid = $1", [uuid]);
    // Another operation holds the node while the lookup is on its way, and power-cycles the machine.
    await api.db.repos.dataSource.query("UPDATE nodes SET reservation = 'someone-else' WHERE uuid = $1", [uuid]);
    const stale = api.request('GET', `/v1/lookup?addresses=${mac}`);
    // Long enough for the lookup to have found the node and be waiting on its lock even on a loaded machine; it
    // keeps retrying the lock far longer (100 attempts, growing waits).
    await new Promise((r) => setTimeout(r, 1500));
    await api.db.repos.dataSource.query(
      `UPDATE nodes SET reservation = NULL, provision_state = 'clean wait',
         driver_internal_info = jsonb_set(driver_internal_info, '{last_power_state_change}', '"2026-12-06T11:31:00.861000"')
       WHERE uuid = $1`,
      [uuid],
    );
    expect((await stale).statusCode).toBe(404);
    expect((await api.db.repos.nodes.getByIdent(uuid)).driver_internal_info).not.toHaveProperty('agent_secret_token');
    // The agent of the new boot gets the token.
    expect((await api.request('GET', `/v1/lookup?addresses=${mac}`)).json().config.agent_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
