import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { Call, CreateNode, GetBootDevice, GetSupportedBootDevices, ProvisionNode, RequestOf, SetBootDevice, SetMaintenance, SetPowerState, UpdateNode, ValidateNode } from '@ferrum/contracts';
import { InvalidParameterValue, InvalidStateRequested, NoFreeConductorWorker, NodeLocked } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
import { ConductorHandle, startConductor } from '../start-conductor';

describe('provisioning through the conductor with fake-hardware', () => {
  let db: TestDatabase;
  let transports: Transport[];
  let conductor: ConductorHandle;
  const host = `prov-${randomUUID().slice(0, 8)}`;

  const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>) => testClient(transports[1]).call(c, req, { host });
  const read = (uuid: string) => db.repos.nodes.getByIdent(uuid);
  const settle = async (uuid: string) => {
    for (let i = 0; i < 400; i++) {
      const node = await read(uuid);
      if (node.reservation === null) return node;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('node stayed locked');
  };
  const act = async (uuid: string, event: string, params: RequestOf<typeof ProvisionNode>['params'] = {}) => {
    await call(ProvisionNode, { node_uuid: uuid, event, params });
    return settle(uuid);
  };
  const newNode = () => call(CreateNode, { node: { driver: 'fake-hardware' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    transports = await createTestTransports(2);
    conductor = await startConductor({
      config: { ...loadConfig(allOptions, { FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '20' }), hostname: host },
      repos: db.repos,
      transport: transports[0],
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await conductor.close();
    await Promise.all([...new Set(transports)].map((t) => t.close()));
    await db.close();
  });

  it('walks a node through manage, inspect, provide, deploy, undeploy as the baremetal CLI would', async () => {
    const created = await newNode();
    const { uuid } = created;
    // As Ironic's create_node: no provision_updated_at until the provision state changes.
    expect(created.provision_updated_at).toBeNull();
    const managed = await act(uuid, 'manage');
    expect(managed).toMatchObject({ provision_state: 'manageable', target_provision_state: null, last_error: null });
    expect(managed.provision_updated_at).not.toBeNull();

    // Ironic's update_node: leaving inspection for manageable stamps the finish and clears the start.
    const inspected = await act(uuid, 'inspect');
    expect(inspected).toMatchObject({ provision_state: 'manageable', target_provision_state: null, inspection_started_at: null });
    expect(inspected.inspection_finished_at).not.toBeNull();

    expect(await act(uuid, 'provide')).toMatchObject({ provision_state: 'available', target_provision_state: null });

    const deployed = await act(uuid, 'deploy', { configdrive: 'H4sICDw...' });
    expect(deployed).toMatchObject({ provision_state: 'active', target_provision_state: null, deploy_step: {} });
    expect(deployed.instance_info).toEqual({ configdrive: 'H4sICDw...' });
    // wipe_deploy_internal_info (and the automated clean of provide before) leave the step lists as explicit nulls.
    expect(deployed.driver_internal_info).toEqual({ clean_steps: null, deploy_steps: null });

    const undeployed = await act(uuid, 'delete');
    expect(undeployed).toMatchObject({ provision_state: 'available', target_provision_state: null, instance_info: {}, instance_uuid: null });
    expect(undeployed.driver_internal_info).toEqual({ deploy_steps: null, clean_steps: null });
  });

  it('saves the transition and target before answering, while the worker still holds the lock', async () => {
    const { uuid } = await newNode();
    await act(uuid, 'manage');
    await call(ProvisionNode, { node_uuid: uuid, event: 'provide', params: {} });
    const right = await read(uuid);
    // Either still cleaning under our lock or already done: never the old state.
    expect(['cleaning', 'available']).toContain(right.provision_state);
    if (right.provision_state === 'cleaning') expect(right).toMatchObject({ target_provision_state: 'available', reservation: host });
    await settle(uuid);
  });

  it('runs a manual clean with the requested steps and returns to manageable', async () => {
    const { uuid } = await newNode();
    await act(uuid, 'manage');
    const cleaned = await act(uuid, 'clean', { clean_steps: [{ interface: 'bios', step: 'factory_reset' }] });
    expect(cleaned).toMatchObject({ provision_state: 'manageable', target_provision_state: null, clean_step: {} });
    expect(cleaned.driver_internal_info).toEqual({ clean_steps: null });
  });

  it('accepts a clean step the node does not have and fails it in the worker, as Ironic does', async () => {
    const { uuid } = await newNode();
    await act(uuid, 'manage');
    const failed = await act(uuid, 'clean', { clean_steps: [{ interface: 'deploy', step: 'nope' }] });
    expect(failed).toMatchObject({
      provision_state: 'clean failed',
      target_provision_state: 'manageable',
      maintenance: false,
      reservation: null,
      last_error: `Cannot clean node ${uuid}: node does not support this clean step: {'interface': 'deploy', 'step': 'nope'}`,
    });
    // The requested steps stay for debugging, as Ironic's cleaning_error_handler leaves them.
    expect(failed.driver_internal_info).toEqual({ clean_steps: [{ interface: 'deploy', step: 'nope' }], cleaning_disable_ramdisk: false });
    // manage out of clean failed starts no worker, so (as in Ironic) the failure's message stays.
    expect(await act(uuid, 'manage')).toMatchObject({ provision_state: 'manageable', target_provision_state: null, last_error: failed.last_error });
  });

  it('refuses an event the state does not allow with Ironic\'s message', async () => {
    const { uuid } = await newNode();
    const error = await call(ProvisionNode, { node_uuid: uuid, event: 'deploy', params: {} }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InvalidStateRequested);
    expect((error as Error).message).toBe(`The requested action "deploy" can not be performed on node "${uuid}" while it is in state "enroll".`);
    expect(await read(uuid)).toMatchObject({ provision_state: 'enroll', reservation: null });
  });

  it('rescues and unrescues an active node', async () => {
    const { uuid } = await newNode();
    for (const e of ['manage', 'provide', 'deploy']) await act(uuid, e);
    const rescued = await act(uuid, 'rescue', { rescue_password: 'pw' });
    expect(rescued).toMatchObject({ provision_state: 'rescue', target_provision_state: null });
    expect(rescued.instance_info.rescue_password).toBe('pw');
    expect(await act(uuid, 'unrescue')).toMatchObject({ provision_state: 'active' });
  });

  it('answers validate for every interface but vendor, with reasons only on failures', async () => {
    const { uuid } = await newNode();
    await call(UpdateNode, { node_uuid: uuid, changes: { inspect_interface: 'no-inspect' } });
    const result = await call(ValidateNode, { node_uuid: uuid });
    expect(Object.keys(result).sort()).toEqual(['bios', 'boot', 'console', 'deploy', 'firmware', 'inspect', 'management', 'network', 'power', 'raid', 'rescue', 'storage']);
    expect(result.power).toEqual({ result: true });
    expect(result.inspect).toEqual({ result: false, reason: 'Driver fake-hardware does not support inspect (disabled or not implemented).' });
  });

  it('sets, reads and lists boot devices and refuses an unsupported one', async () => {
    const { uuid } = await newNode();
    expect(await call(GetSupportedBootDevices, { node_uuid: uuid })).toEqual({ supported_boot_devices: ['pxe'] });
    await call(SetBootDevice, { node_uuid: uuid, boot_device: 'pxe', persistent: true });
    expect(await call(GetBootDevice, { node_uuid: uuid })).toEqual({ boot_device: 'pxe', persistent: false });
    await expect(call(SetBootDevice, { node_uuid: uuid, boot_device: 'cdrom', persistent: false })).rejects.toBeInstanceOf(InvalidParameterValue);
    // Ironic's wording, without the list of supported devices.
    await expect(call(SetBootDevice, { node_uuid: uuid, boot_device: 'cdrom', persistent: false })).rejects.toThrow(/^Invalid boot device cdrom specified\.$/);
  });

  it('sets and clears maintenance with its reason, and refuses it on a node another conductor holds', async () => {
    const { uuid } = await newNode();
    await call(SetMaintenance, { node_uuid: uuid, maintenance: true, reason: 'disk swap' });
    expect(await read(uuid)).toMatchObject({ maintenance: true, maintenance_reason: 'disk swap' });
    await call(SetMaintenance, { node_uuid: uuid, maintenance: false });
    expect(await read(uuid)).toMatchObject({ maintenance: false, maintenance_reason: null, fault: null });
    // A live peer holds the lock (a dead one's lock would be swept).
    await db.repos.conductors.register('other-conductor', '', []);
    await db.repos.reservations.tryReserve(uuid, 'other-conductor');
    await expect(call(SetMaintenance, { node_uuid: uuid, maintenance: true })).rejects.toBeInstanceOf(NodeLocked);
  });
});

describe('provisioning with a full worker pool', () => {
  it('answers 503 and leaves the provision state as it was', async () => {
    const db = await createTestDatabase();
    const [server, client] = await createTestTransports(2);
    const host = `pool-${randomUUID().slice(0, 8)}`;
    const conductor = await startConductor({
      config: { ...loadConfig(allOptions, { FERRUM_WORKERS_POOL_SIZE: '1', FERRUM_FAKE_POWER_DELAY_MS: '500' }), hostname: host },
      repos: db.repos,
      transport: server,
      logger: silentLogger(),
    });
    const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>) => testClient(client).call(c, req, { host });
    try {
      const busy = (await call(CreateNode, { node: { driver: 'fake-hardware' } })).uuid;
      const idle = (await call(CreateNode, { node: { driver: 'fake-hardware' } })).uuid;
      await call(SetPowerState, { node_uuid: busy, target: 'power on' }); // takes the only worker
      const error = await call(ProvisionNode, { node_uuid: idle, event: 'manage', params: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoFreeConductorWorker);
      expect(await db.repos.nodes.getByIdent(idle)).toMatchObject({ provision_state: 'enroll', target_provision_state: null, reservation: null });
    } finally {
      await conductor.close();
      await Promise.all([...new Set([server, client])].map((t) => t.close()));
      await db.close();
    }
  });
});

describe('user deploy steps', () => {
  it('refuses a deploy step the node does not have, before leaving available', async () => {
    const db = await createTestDatabase();
    const [server, client] = await createTestTransports(2);
    const host = `steps-${randomUUID().slice(0, 8)}`;
    const conductor = await startConductor({ config: { ...loadConfig(allOptions, {}), hostname: host }, repos: db.repos, transport: server, logger: silentLogger() });
    const call = <C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>) => testClient(client).call(c, req, { host });
    try {
      const { uuid } = await call(CreateNode, { node: { driver: 'fake-hardware' } });
      await db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'available' WHERE uuid = $1`, [uuid]);
      const error = await call(ProvisionNode, { node_uuid: uuid, event: 'deploy', params: { deploy_steps: [{ interface: 'deploy', step: 'write_image', priority: 80 }] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterValue);
      expect(await db.repos.nodes.getByIdent(uuid)).toMatchObject({ provision_state: 'available', reservation: null });
      // A known step with priority 0 is switched off; the deploy still ends active.
      await call(ProvisionNode, { node_uuid: uuid, event: 'deploy', params: { deploy_steps: [{ interface: 'deploy', step: 'deploy', priority: 0 }] } });
      for (let i = 0; i < 200 && (await db.repos.nodes.getByIdent(uuid)).reservation; i++) await new Promise((r) => setTimeout(r, 10));
      expect((await db.repos.nodes.getByIdent(uuid)).provision_state).toBe('active');
    } finally {
      await conductor.close();
      await Promise.all([...new Set([server, client])].map((t) => t.close()));
      await db.close();
    }
  });
});
