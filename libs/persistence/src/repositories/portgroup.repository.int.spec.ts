import { randomUUID } from 'node:crypto';
import { TestDatabase, createTestDatabase } from '@ferrum/testing';

/** Port group rows as 1.102–1.111 use them: the new columns' defaults, the shard filter, members' physical network. */
describe('PortgroupRepository', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const ALL = { limit: 1000, sortKey: 'id', sortDir: 'asc' } as const;
  const newNode = (extra: Record<string, unknown> = {}) => db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', ...extra });
  let mac = 0;
  const newPort = (nodeId: number, portgroupUuid: string, physicalNetwork: string | null) =>
    db.repos.ports.insert({ uuid: randomUUID(), address: `52:54:00:b0:00:${(++mac).toString(16).padStart(2, '0')}`, node_id: nodeId, portgroup_uuid: portgroupUuid, physical_network: physicalNetwork });

  it("stores a group with Ironic's defaults for the new columns, and a port available for dynamic groups", async () => {
    const node = await newNode();
    const group = await db.repos.portgroups.insert({ uuid: randomUUID(), node_id: node.id });
    expect(group).toMatchObject({ physical_network: null, category: null, dynamic_portgroup: false });
    expect((await newPort(node.id, group.uuid, null)).available_for_dynamic_portgroup).toBe(true);
  });

  it('keeps dynamic_portgroup nullable with a default, as Ironic adds it (existing groups read null)', async () => {
    const rows = await db.repos.dataSource.query<{ table_name: string; is_nullable: string; column_default: string }[]>(
      `SELECT table_name, is_nullable, column_default FROM information_schema.columns
       WHERE (table_name, column_name) IN (('portgroups', 'dynamic_portgroup'), ('ports', 'available_for_dynamic_portgroup')) ORDER BY table_name`,
    );
    expect(rows.map((r) => [r.table_name, r.is_nullable, r.column_default])).toEqual([
      ['portgroups', 'YES', 'false'],
      ['ports', 'NO', 'true'],
    ]);
  });

  it('lists the groups of nodes in any of the shards (1.106)', async () => {
    const [a, b] = [await newNode({ shard: 'rs-a' }), await newNode({ shard: 'rs-b' })];
    const [ga, gb] = [await db.repos.portgroups.insert({ uuid: randomUUID(), node_id: a.id }), await db.repos.portgroups.insert({ uuid: randomUUID(), node_id: b.id })];
    expect((await db.repos.portgroups.list({ shards: ['rs-a'] }, ALL)).map((g) => g.uuid)).toEqual([ga.uuid]);
    expect((await db.repos.portgroups.list({ shards: ['rs-a', 'rs-b'] }, ALL)).map((g) => g.uuid)).toEqual([ga.uuid, gb.uuid]);
  });

  it('gives the members a physical network, writing only the ports that differ (1.102)', async () => {
    const node = await newNode();
    const group = await db.repos.portgroups.insert({ uuid: randomUUID(), node_id: node.id });
    const other = await db.repos.portgroups.insert({ uuid: randomUUID(), node_id: node.id });
    const [same, differs, outside] = [await newPort(node.id, group.uuid, 'net'), await newPort(node.id, group.uuid, null), await newPort(node.id, other.uuid, 'x')];
    await db.repos.portgroups.setMembersPhysicalNetwork(group.uuid, 'net');
    const read = async (uuid: string) => db.repos.ports.getByUuid(uuid);
    expect([(await read(same.uuid)).updated_at, (await read(differs.uuid)).physical_network, (await read(outside.uuid)).physical_network]).toEqual([null, 'net', 'x']);
    expect((await read(differs.uuid)).updated_at).not.toBeNull();
    await db.repos.portgroups.setMembersPhysicalNetwork(group.uuid, null);
    expect((await read(same.uuid)).physical_network).toBeNull();
  });
});
