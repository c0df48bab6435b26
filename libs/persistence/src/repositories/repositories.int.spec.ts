import { randomUUID } from 'node:crypto';
import { ChassisNotEmpty, DuplicateName, LockLost, MACAlreadyExists, NodeNotFound, PortAlreadyExists, PortDuplicateName, PortNotFound } from '@ferrum/errors';
import { TestDatabase, createTestDatabase } from '@ferrum/testing';

describe('repositories', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const newNode = (extra: Record<string, unknown> = {}) =>
    db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', ...extra });

  it('stores a node with Ironic defaults and reads it back by uuid and by name', async () => {
    const node = await newNode({ name: 'rack1-node1', properties: { cpus: 4 } });
    expect(node).toMatchObject({ name: 'rack1-node1', driver_info: {}, maintenance: false, conductor_group: '', reservation: null, power_state: null });
    expect((await db.repos.nodes.getByIdent(node.uuid)).name).toBe('rack1-node1');
    expect((await db.repos.nodes.getByIdent('rack1-node1')).uuid).toBe(node.uuid);
    expect(node.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(node.updated_at).toBeNull();
  });

  it('counts nodes by provision state and power state in one query (the ferrum_nodes metric)', async () => {
    const before = await db.repos.nodes.countByState();
    const count = (rows: typeof before, provision: string, power: string | null) =>
      rows.find((r) => r.provision_state === provision && r.power_state === power)?.count ?? 0;
    await newNode({ provision_state: 'manageable', power_state: 'power on' });
    await newNode({ provision_state: 'manageable', power_state: 'power on' });
    await newNode({ provision_state: 'manageable', power_state: null });
    const after = await db.repos.nodes.countByState();
    expect(count(after, 'manageable', 'power on') - count(before, 'manageable', 'power on')).toBe(2);
    expect(count(after, 'manageable', null) - count(before, 'manageable', null)).toBe(1);
    expect(after.every((r) => typeof r.count === 'number')).toBe(true);
  });

  it('refuses a duplicate name with DuplicateName and writes nothing', async () => {
    await newNode({ name: 'dup' });
    const before = (await db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' })).length;
    await expect(newNode({ name: 'dup' })).rejects.toBeInstanceOf(DuplicateName);
    expect((await db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' })).length).toBe(before);
  });

  it('gives a node lock to exactly one of many concurrent takers', async () => {
    const node = await newNode();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => db.repos.reservations.tryReserve(node.uuid, `c${i}`)));
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    const holder = (await db.repos.nodes.findByUuid(node.uuid))!.reservation!;
    expect(results.filter((r) => !r.acquired).every((r) => !r.acquired && r.holder === holder)).toBe(true);
    expect(await db.repos.reservations.release(node.uuid, 'not-the-holder')).toBe(false);
    expect(await db.repos.reservations.release(node.uuid, holder)).toBe(true);
    expect((await db.repos.nodes.findByUuid(node.uuid))!.reservation).toBeNull();
  });

  it("gives back a conductor's unclaimed locks only: not the claimed ones, not other conductors'", async () => {
    const [kept, orphan, others] = [await newNode(), await newNode(), await newNode()];
    await db.repos.reservations.tryReserve(kept.uuid, 'c-orphans');
    await db.repos.reservations.tryReserve(orphan.uuid, 'c-orphans');
    await db.repos.reservations.tryReserve(others.uuid, 'c-other');
    expect(await db.repos.reservations.releaseUnclaimed('c-orphans', [kept.uuid])).toEqual([orphan.uuid]);
    const reservation = async (uuid: string) => (await db.repos.nodes.findByUuid(uuid))!.reservation;
    expect([await reservation(kept.uuid), await reservation(orphan.uuid), await reservation(others.uuid)]).toEqual(['c-orphans', null, 'c-other']);
    expect(await db.repos.reservations.releaseUnclaimed('c-orphans', [])).toEqual([kept.uuid]);
    await db.repos.reservations.release(others.uuid, 'c-other');
  });

  it('spares a lock taken after the sweep read the clock: a request may claim its node after the sweep listed the claims', async () => {
    const node = await newNode();
    const clock = await db.repos.reservations.now();
    await new Promise((r) => setTimeout(r, 5));
    expect((await db.repos.reservations.tryReserve(node.uuid, 'c-late')).acquired).toBe(true);
    expect(await db.repos.reservations.releaseUnclaimed('c-late', [], undefined, clock)).toEqual([]);
    expect((await db.repos.nodes.findByUuid(node.uuid))!.reservation).toBe('c-late');
    await new Promise((r) => setTimeout(r, 5));
    // Still unclaimed at the next sweep: an orphan then.
    expect(await db.repos.reservations.releaseUnclaimed('c-late', [], undefined, await db.repos.reservations.now())).toEqual([node.uuid]);
  });

  it('fences locked writes with the registration epoch: a replaced incarnation can neither write nor lock', async () => {
    const host = `fence-${randomUUID().slice(0, 8)}`;
    const first = await db.repos.conductors.register(host, '', []);
    const node = await newNode();
    expect((await db.repos.reservations.tryReserve(node.uuid, host, first)).acquired).toBe(true);
    expect((await db.repos.nodes.updateLocked(node.uuid, host, { extra: { by: 'first' } }, first)).extra).toEqual({ by: 'first' });
    // The same hostname registers again (a restart while the first process hung): a new epoch.
    const second = await db.repos.conductors.register(host, '', []);
    expect(second).toBe(first + 1);
    await expect(db.repos.nodes.updateLocked(node.uuid, host, { extra: { by: 'stale' } }, first)).rejects.toBeInstanceOf(LockLost);
    expect(await db.repos.reservations.release(node.uuid, host, first)).toBe(false);
    expect(await db.repos.reservations.releaseUnclaimed(host, [], first)).toEqual([]);
    expect((await db.repos.nodes.getByIdent(node.uuid)).extra).toEqual({ by: 'first' });
    // The current incarnation may.
    expect((await db.repos.nodes.updateLocked(node.uuid, host, { extra: { by: 'second' } }, second)).extra).toEqual({ by: 'second' });
    expect(await db.repos.reservations.release(node.uuid, host, second)).toBe(true);
    expect((await db.repos.reservations.tryReserve(node.uuid, host, first)).acquired).toBe(false);
  });

  it('touches updated_at when a lock is taken and released, as Ironic does', async () => {
    const node = await newNode();
    expect(node.updated_at).toBeNull();
    await db.repos.reservations.tryReserve(node.uuid, 'c1');
    const taken = (await db.repos.nodes.findByUuid(node.uuid))!.updated_at!;
    expect(taken).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    await db.repos.reservations.release(node.uuid, 'c1');
    expect((await db.repos.nodes.findByUuid(node.uuid))!.updated_at! > taken).toBe(true);
  });

  it('stamps provision_updated_at and the inspection times from provision_state, as Ironic\'s update_node', async () => {
    const node = await newNode({ provision_state: 'manageable', reservation: 'c1' });
    expect(node.provision_updated_at).toBeNull();
    const save = (changes: Record<string, unknown>) => db.repos.nodes.updateLocked(node.uuid, 'c1', changes);
    expect((await save({ extra: { a: 1 } })).provision_updated_at).toBeNull();
    const inspecting = await save({ provision_state: 'inspecting' });
    expect(inspecting.provision_updated_at).not.toBeNull();
    expect(inspecting.inspection_started_at).not.toBeNull();
    expect(inspecting.inspection_finished_at).toBeNull();
    const done = await save({ provision_state: 'manageable' });
    expect(done.inspection_started_at).toBeNull();
    expect(done.inspection_finished_at).not.toBeNull();
    // manageable again, not from inspection: the finish stays as it was.
    expect((await save({ provision_state: 'manageable' })).inspection_finished_at).toBe(done.inspection_finished_at);
    await save({ provision_state: 'inspecting' });
    expect(await save({ provision_state: 'inspect failed' })).toMatchObject({ inspection_started_at: null, inspection_finished_at: null });
    await db.repos.reservations.release(node.uuid, 'c1');
  });

  it('writes every kind of column under the lock as the query builder would, and gives the lock back with the last write', async () => {
    const node = await newNode({ reservation: 'c1' });
    await newNode({ name: 'taken-name' });
    const json = { quote: "it's \"x\"", unicode: 'ünï ✓', nested: { list: [1, null, true], empty: {} }, big: 'x'.repeat(5000) };
    const saved = await db.repos.nodes.updateLocked(node.uuid, 'c1', {
      driver_internal_info: json,
      maintenance: true,
      maintenance_reason: null,
      description: "O'Brien; DROP TABLE nodes",
      target_power_state: 'power on',
      chassis_id: undefined,
    });
    expect(saved).toMatchObject({ driver_internal_info: json, maintenance: true, maintenance_reason: null, description: "O'Brien; DROP TABLE nodes", target_power_state: 'power on', reservation: 'c1' });
    expect(await db.repos.nodes.findByUuid(node.uuid)).toEqual(saved);
    // A unique column taken by another node: DuplicateName, as through the query builder, and nothing written.
    await expect(db.repos.nodes.updateLocked(node.uuid, 'c1', { name: 'taken-name', extra: { lost: true } })).rejects.toBeInstanceOf(DuplicateName);
    expect((await db.repos.nodes.findByUuid(node.uuid))!.extra).toEqual({});
    const released = await db.repos.nodes.updateLocked(node.uuid, 'c1', { target_power_state: null, power_state: 'power on' }, undefined, undefined, true);
    expect(released).toMatchObject({ reservation: null, power_state: 'power on', target_power_state: null });
    await expect(db.repos.nodes.updateLocked(node.uuid, 'c1', { extra: { late: true } })).rejects.toBeInstanceOf(LockLost);
  });

  it('says NodeNotFound when locking a node that does not exist', async () => {
    await expect(db.repos.reservations.tryReserve(randomUUID(), 'c1')).rejects.toBeInstanceOf(NodeNotFound);
  });

  it('pages with limit and marker in any sort order', async () => {
    for (let i = 0; i < 5; i++) await newNode({ name: `page-${i}`, driver: 'page-driver' });
    const all = await db.repos.nodes.list({ driver: 'page-driver' }, { limit: 100, sortKey: 'name', sortDir: 'desc' });
    expect(all.map((n) => n.name)).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    const first = await db.repos.nodes.list({ driver: 'page-driver' }, { limit: 2, sortKey: 'name', sortDir: 'desc' });
    const second = await db.repos.nodes.list({ driver: 'page-driver' }, { limit: 2, sortKey: 'name', sortDir: 'desc' }, first[1]);
    expect(second.map((n) => n.name)).toEqual(['page-2', 'page-1']);
  });

  it('keeps MACs unique and deletes ports with their node', async () => {
    const node = await newNode();
    await db.repos.reservations.tryReserve(node.uuid, 'c1');
    const port = await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:00:00:01', node_id: node.id });
    expect(port.node_uuid).toBe(node.uuid);
    await expect(db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:00:00:01', node_id: node.id })).rejects.toBeInstanceOf(MACAlreadyExists);
    expect(await db.repos.nodes.deleteLocked(node.uuid, 'c1')).toBe(true);
    expect(await db.repos.ports.findByUuid(port.uuid)).toBeUndefined();
  });

  it('keeps port names unique over all nodes, with the errors Ironic gives on create and on update', async () => {
    const [a, b] = [await newNode(), await newNode()];
    const named = await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:0a:00:01', node_id: a.id, name: 'eth0.a' });
    expect(named.name).toBe('eth0.a');
    // Ironic's create_port reports every non-MAC clash as the new UUID being taken.
    const uuid = randomUUID();
    await expect(db.repos.ports.insert({ uuid, address: '52:54:00:0a:00:02', node_id: b.id, name: 'eth0.a' })).rejects.toThrow(
      new PortAlreadyExists({ uuid }),
    );
    const other = await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:0a:00:03', node_id: b.id });
    expect(other.name).toBeNull();
    await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:0a:00:04', node_id: b.id });
    await expect(db.repos.ports.update(other.uuid, { name: 'eth0.a' })).rejects.toBeInstanceOf(PortDuplicateName);
    expect((await db.repos.ports.update(other.uuid, { name: 'eth1' })).name).toBe('eth1');
  });

  it("finds a port by id, UUID or name, as Ironic's Port.get tells them apart", async () => {
    const node = await newNode();
    const port = await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:0b:00:01', node_id: node.id, name: 'by-ident' });
    const byId = await db.repos.ports.insert({ uuid: randomUUID(), address: '52:54:00:0b:00:02', node_id: node.id, name: '12345678' });
    expect((await db.repos.ports.getByIdent(port.uuid)).uuid).toBe(port.uuid);
    expect((await db.repos.ports.getByIdent('by-ident')).uuid).toBe(port.uuid);
    expect((await db.repos.ports.getByIdent(String(port.id))).uuid).toBe(port.uuid);
    // An integer-looking name is read as an id, so it never finds the port by name.
    await expect(db.repos.ports.getByIdent(byId.name!)).rejects.toThrow(new PortNotFound({ port: '12345678' }));
    await expect(db.repos.ports.getByIdent('99999999999999999999')).rejects.toBeInstanceOf(PortNotFound);
    await expect(db.repos.ports.getByIdent('no-such-port')).rejects.toThrow('Port no-such-port could not be found.');
  });

  it('finds the nodes owning any of a set of port addresses, each once, as the node reads give them', async () => {
    const [a, b] = [await newNode({ name: 'by-mac-a' }), await newNode({ name: 'by-mac-b' })];
    for (const [node, mac] of [[a, '52:54:00:aa:00:01'], [a, '52:54:00:aa:00:02'], [b, '52:54:00:bb:00:01']] as const) {
      await db.repos.ports.insert({ uuid: randomUUID(), address: mac, node_id: node.id });
    }
    const found = await db.repos.nodes.findByPortAddresses(['52:54:00:aa:00:01', '52:54:00:aa:00:02'], 10);
    expect(found).toEqual([await db.repos.nodes.getByIdent(a.uuid)]);
    expect((await db.repos.nodes.findByPortAddresses(['52:54:00:aa:00:02', '52:54:00:bb:00:01', '52:54:00:cc:00:01'], 10)).map((n) => n.name)).toEqual(['by-mac-a', 'by-mac-b']);
    expect(await db.repos.nodes.findByPortAddresses(['52:54:00:aa:00:02', '52:54:00:bb:00:01'], 1)).toHaveLength(1);
    expect(await db.repos.nodes.findByPortAddresses([], 10)).toEqual([]);
  });

  it('refuses to delete a chassis that still has nodes', async () => {
    const chassis = await db.repos.chassis.insert({ uuid: randomUUID(), description: 'rack' });
    await newNode({ chassis_id: chassis.id });
    await expect(db.repos.chassis.delete(chassis.uuid)).rejects.toBeInstanceOf(ChassisNotEmpty);
    expect(await db.repos.chassis.findByUuid(chassis.uuid)).toBeDefined();
  });

  it('tells live conductors from dead ones by heartbeat age and clears dead ones\' locks', async () => {
    await db.repos.conductors.register('live-1', '', [{ hardware_type: 'fake-hardware', interface_type: 'power', interface_name: 'fake', is_default: true }]);
    await db.repos.conductors.register('dead-1', '', []);
    await db.repos.dataSource.query(`UPDATE conductors SET updated_at = now() - interval '1 hour' WHERE hostname = 'dead-1'`);
    const alive = await db.repos.conductors.listAlive(60);
    expect(alive.map((c) => c.hostname)).toContain('live-1');
    expect(alive.map((c) => c.hostname)).not.toContain('dead-1');
    expect(alive.find((c) => c.hostname === 'live-1')!.hardware_types).toEqual(['fake-hardware']);

    const node = await newNode({ target_power_state: 'power on' });
    await db.repos.reservations.tryReserve(node.uuid, 'dead-1');
    expect(await db.repos.conductors.deadHostsHoldingLocks(60)).toEqual(['dead-1']);
    await db.repos.reservations.clearForDeadHosts(['dead-1']);
    const after = (await db.repos.nodes.findByUuid(node.uuid))!;
    expect(after.reservation).toBeNull();
    expect(after.target_power_state).toBeNull();
    expect(after.last_error).toContain('dead-1');
  });
});
