import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { Call, CreateNode, CreatePort, DeleteNode, NodeRecord, PowerTarget, RequestOf, SetPowerState, UpdateNode } from '@ferrum/contracts';
import type { PowerInterface } from '@ferrum/drivers';
import { fakeHardware } from '@ferrum/drivers';
import { IncompatibleInterface, NoFreeConductorWorker, NodeLocked, NodeProtected, InvalidState, MACAlreadyExists, PowerStateFailure } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ConductorHandle, startConductor } from './start-conductor';

/** A power driver whose BMC always fails: what a user sees is last_error, and the node must not stay locked. */
class BrokenPower implements PowerInterface {
  getProperties() {
    return {};
  }
  async validate() {}
  async getPowerState() {
    return null;
  }
  async setPowerState(): Promise<void> {
    throw new PowerStateFailure({ pstate: 'power on' });
  }
  getSupportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off'];
  }
}

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
};

describe('conductor', () => {
  let db: TestDatabase;
  let transports: Transport[];
  let conductor: ConductorHandle;
  const host = `cond-${randomUUID().slice(0, 8)}`;

  const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>) => testClient(transports[1]).call(c, req, { host });
  const createNode = (extra: Record<string, unknown> = {}) => call(CreateNode, { node: { driver: 'fake-hardware', ...extra } });
  const read = (uuid: string) => db.repos.nodes.getByIdent(uuid);

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(2);
    const config = loadConfig(allOptions, {
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,broken-hardware',
      FERRUM_FAKE_POWER_DELAY_MS: '300',
      FERRUM_WORKERS_POOL_SIZE: '2',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '1',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
    });
    conductor = await startConductor({
      config: { ...config, hostname: host },
      repos: db.repos,
      transport: transports[0],
      logger: silentLogger(),
      driverPlugins: [
        {
          register: (api) => {
            api.addHardwareType({ name: 'broken-hardware', supported: { ...fakeHardware.supported, power: ['broken'] } });
            api.addInterface('power', 'broken', () => new BrokenPower());
          },
        },
      ],
    });
  });

  afterAll(async () => {
    await conductor.close();
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('registers itself with the hardware types and interfaces it offers', async () => {
    const alive = await db.repos.conductors.listAlive(60);
    expect(alive.find((c) => c.hostname === host)?.hardware_types.sort()).toEqual(['broken-hardware', 'fake-hardware']);
  });

  it('creates a node in enroll with every interface filled from the hardware type defaults', async () => {
    const node = await createNode({ name: `n-${randomUUID().slice(0, 6)}` });
    expect(node).toMatchObject({
      provision_state: 'enroll',
      power_state: null,
      power_interface: 'fake',
      management_interface: 'fake',
      deploy_interface: 'fake',
      network_interface: 'flat',
      // Ironic's default_storage_interface=noop wins over fake-hardware's own order.
      storage_interface: 'noop',
      vendor_interface: 'fake',
    });
    expect((await read(node.uuid)).boot_interface).toBe('fake');
  });

  it('answers a power request at once, holds the lock and target while the action runs, then records the new state', async () => {
    const node = await createNode();
    await call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    const during = await read(node.uuid);
    expect(during.target_power_state).toBe('power on');
    expect(during.reservation).toBe(host);
    await until(async () => (await read(node.uuid)).reservation === null);
    const after = await read(node.uuid);
    expect(after).toMatchObject({ power_state: 'power on', target_power_state: null, last_error: null });
    // Ironic's node_power_action stamps the change as a naive UTC isoformat (no zone).
    const stamp = after.driver_internal_info.last_power_state_change;
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);

    // Already on: nothing is done, so the stamp stays (Ironic's _can_skip_state_change).
    await call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    await until(async () => (await read(node.uuid)).reservation === null);
    expect((await read(node.uuid)).driver_internal_info.last_power_state_change).toBe(stamp);
  });

  it('refuses a second action on a node that is busy, naming the conductor that holds it', async () => {
    const node = await createNode();
    await call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    const error = await call(SetPowerState, { node_uuid: node.uuid, target: 'power off' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NodeLocked);
    expect((error as Error).message).toContain(host);
    await until(async () => (await read(node.uuid)).reservation === null);
  });

  it('leaves the node unlocked with last_error set when the power driver fails', async () => {
    const node = await createNode({ driver: 'broken-hardware' });
    await call(SetPowerState, { node_uuid: node.uuid, target: 'power on' });
    await until(async () => (await read(node.uuid)).reservation === null);
    const after = await read(node.uuid);
    expect(after.power_state).toBeNull();
    expect(after.target_power_state).toBeNull();
    expect(after.last_error).toContain('Failed to set node power state to power on');
  });

  it('refuses work with 503 when every worker is busy, leaving the node untouched and unlocked', async () => {
    const busy = [await createNode(), await createNode()];
    for (const n of busy) await call(SetPowerState, { node_uuid: n.uuid, target: 'power on' });
    const idle = await createNode();
    const error = await call(SetPowerState, { node_uuid: idle.uuid, target: 'power on' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NoFreeConductorWorker);
    expect(await read(idle.uuid)).toMatchObject({ reservation: null, target_power_state: null });
    for (const n of busy) await until(async () => (await read(n.uuid)).reservation === null);
  });

  it('refuses to delete a protected node or one in a state that does not allow it, and keeps the node', async () => {
    const node = await createNode();
    await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'active' WHERE uuid = $1`, [node.uuid]);
    await expect(call(DeleteNode, { node_uuid: node.uuid })).rejects.toBeInstanceOf(InvalidState);
    await call(UpdateNode, { node_uuid: node.uuid, changes: { protected: true } });
    await expect(call(DeleteNode, { node_uuid: node.uuid })).rejects.toBeInstanceOf(NodeProtected);
    expect((await read(node.uuid)).reservation).toBeNull();
  });

  it('deletes a node with its ports', async () => {
    const node = await createNode();
    const port = await call(CreatePort, { port: { address: '52:54:00:12:34:56', node_uuid: node.uuid } });
    await expect(call(CreatePort, { port: { address: '52:54:00:12:34:56', node_uuid: node.uuid } })).rejects.toBeInstanceOf(MACAlreadyExists);
    await call(DeleteNode, { node_uuid: node.uuid });
    expect(await db.repos.nodes.findByUuid(node.uuid)).toBeUndefined();
    expect(await db.repos.ports.findByUuid(port.uuid)).toBeUndefined();
  });

  it('refuses a driver change that keeps an interface the new hardware type lacks, changing nothing', async () => {
    const node = await createNode();
    await expect(call(UpdateNode, { node_uuid: node.uuid, changes: { driver: 'broken-hardware' } })).rejects.toBeInstanceOf(IncompatibleInterface);
    expect(await read(node.uuid)).toMatchObject({ driver: 'fake-hardware', power_interface: 'fake', reservation: null });
  });

  it('recomputes interfaces on a driver change with reset_interfaces and clears the maintenance reason when maintenance is turned off', async () => {
    const node = await createNode();
    await db.repos.dataSource.query(`UPDATE nodes SET maintenance = true, maintenance_reason = 'disk' WHERE uuid = $1`, [node.uuid]);
    const updated: NodeRecord = await call(UpdateNode, {
      node_uuid: node.uuid,
      changes: { driver: 'broken-hardware', maintenance: false },
      reset_interfaces: true,
    });
    expect(updated).toMatchObject({ driver: 'broken-hardware', power_interface: 'broken', maintenance: false, maintenance_reason: null });
  });

  it('clears the locks of a conductor that stopped heartbeating', async () => {
    const node = await createNode();
    await db.repos.conductors.register('ghost', '', []);
    await db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = 'ghost'`);
    await db.repos.dataSource.query(`UPDATE nodes SET reservation = 'ghost', target_power_state = 'power on' WHERE uuid = $1`, [node.uuid]);
    expect(await conductor.sweep()).toContain('ghost');
    expect(await read(node.uuid)).toMatchObject({ reservation: null, target_power_state: null });
  });
});

describe('conductor RPC edge', () => {
  it('refuses a malformed request with a 400 naming the field, without touching anything', async () => {
    const db = await createTestDatabase();
    const [server, client] = await createTestTransports(2);
    const host = `edge-${randomUUID().slice(0, 8)}`;
    const conductor = await startConductor({
      config: { ...loadConfig(allOptions, {}), hostname: host },
      repos: db.repos,
      transport: server,
      logger: silentLogger(),
    });
    try {
      const error = await testClient(client)
        .call(SetPowerState, { node_uuid: 'not-a-uuid', target: 'power on' }, { host })
        .catch((e: Error & { status: number }) => e);
      expect(error).toMatchObject({ status: 400 });
      expect((error as Error).message).toContain('node_uuid');
    } finally {
      await conductor.close();
      await Promise.all([...new Set([server, client])].map((t) => t.close()));
      await db.close();
    }
  });
});

describe('taking over from a dead conductor', () => {
  it('fails the nodes it was deploying or cleaning instead of leaving them there, and frees them', async () => {
    const db = await createTestDatabase();
    const [server] = await createTestTransports(1);
    const host = `survivor-${randomUUID().slice(0, 8)}`;
    const conductor = await startConductor({ config: { ...loadConfig(allOptions, {}), hostname: host }, repos: db.repos, transport: server, logger: silentLogger() });
    try {
      await db.repos.conductors.register('crashed', '', []);
      await db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = 'crashed'`);
      const deploying = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'deploying', target_provision_state: 'active', reservation: 'crashed' });
      const cleaning = await db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'cleaning', target_provision_state: 'available', reservation: 'crashed' });
      expect(await conductor.sweep()).toEqual(['crashed']);
      expect(await db.repos.nodes.getByIdent(deploying.uuid)).toMatchObject({ provision_state: 'deploy failed', target_provision_state: 'active', reservation: null });
      expect((await db.repos.nodes.getByIdent(deploying.uuid)).last_error).toContain('Conductor crashed went down');
      expect(await db.repos.nodes.getByIdent(cleaning.uuid)).toMatchObject({ provision_state: 'clean failed', reservation: null });
    } finally {
      await conductor.close();
      await server.close();
      await db.close();
    }
  });
});
