import { randomUUID } from 'node:crypto';
import type { ResourceEvent } from '@ferrum/contracts';
import { TestDatabase, createTestDatabase } from '@ferrum/testing';

/** The event stream's outbox: what the triggers write for each change, and how the relay numbers it. */
describe('event outbox', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  /** Numbers what is waiting and returns the events about `uuid`. */
  const eventsOf = async (uuid: string): Promise<ResourceEvent[]> => {
    while ((await db.repos.events.sequence(500)).length === 500);
    const all: ResourceEvent[] = [];
    for (let after = 0; ; ) {
      const page = await db.repos.events.after(after, 1000);
      all.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1].seq;
    }
    return all.filter((e) => e.uuid === uuid || e.node_uuid === uuid);
  };
  const newNode = (extra: Record<string, unknown> = {}) => db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', ...extra });

  it("records a node's creation, the changes of watched fields only, and its deletion, with owner and lessee", async () => {
    const node = await newNode({ name: `ev-${randomUUID().slice(0, 8)}`, owner: 'p1', lessee: 'p2' });
    const host = `h-${randomUUID().slice(0, 8)}`;
    await db.repos.reservations.tryReserve(node.uuid, host);
    await db.repos.nodes.updateLocked(node.uuid, host, { power_state: 'power on', extra: { x: 1 } });
    // extra and driver_internal_info are not watched: no event.
    await db.repos.nodes.updateLocked(node.uuid, host, { driver_internal_info: { a: 1 } });
    await db.repos.nodes.updateLocked(node.uuid, host, { provision_state: 'manageable', last_error: 'boom' });
    await db.repos.reservations.release(node.uuid, host);
    await db.repos.reservations.tryReserve(node.uuid, host);
    await db.repos.nodes.deleteLocked(node.uuid, host);

    const events = await eventsOf(node.uuid);
    expect(events.map((e) => [e.type, e.data.changed])).toEqual([
      ['node.created', []],
      ['node.updated', ['reservation']],
      ['node.updated', ['power_state']],
      ['node.updated', ['provision_state', 'last_error']],
      ['node.updated', ['reservation']],
      ['node.updated', ['reservation']],
      ['node.deleted', []],
    ]);
    expect(events[3]).toMatchObject({ uuid: node.uuid, node_uuid: node.uuid, owner: 'p1', lessee: 'p2', data: { provision_state: 'manageable', last_error: 'boom', power_state: 'power on', name: node.name } });
    expect(events[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Numbers follow one another, in the order of the writes.
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it("records ports and allocations with their node's uuid and owner", async () => {
    const node = await newNode({ owner: 'p9' });
    const mac = `02:${randomUUID().slice(0, 2)}:00:00:${randomUUID().slice(0, 2)}:01`.toLowerCase();
    const port = await db.repos.ports.insert({ uuid: randomUUID(), address: mac, node_id: node.id });
    await db.repos.ports.update(port.uuid, { pxe_enabled: false });
    const allocation = await db.repos.allocations.insert({ uuid: randomUUID(), name: null, resource_class: 'gold', owner: 'p9' });
    const events = await eventsOf(node.uuid);
    expect(events.map((e) => [e.type, e.uuid, e.owner])).toEqual([
      ['node.created', node.uuid, 'p9'],
      ['port.created', port.uuid, 'p9'],
      ['port.updated', port.uuid, 'p9'],
    ]);
    expect(events[2].data).toMatchObject({ address: mac, node_uuid: node.uuid, pxe_enabled: false, changed: ['pxe_enabled'] });
    const [created] = await eventsOf(allocation.uuid);
    expect(created).toMatchObject({ type: 'allocation.created', owner: 'p9', node_uuid: null, data: { state: 'allocating', resource_class: 'gold' } });
  });

  it('records a conductor joining, leaving, coming back and being found dead once, however many survivors mark it', async () => {
    const host = `c-${randomUUID().slice(0, 8)}`;
    await db.repos.conductors.register(host, '', []);
    await db.repos.conductors.register(host, '', []);
    await db.repos.conductors.markOffline(host);
    await db.repos.conductors.heartbeat(host);
    const marked = await Promise.all([db.repos.conductors.markLost([host]), db.repos.conductors.markLost([host])]);
    expect(marked.flat()).toEqual([host]);
    await db.repos.events.record('conductor.took_over', 'survivor', { from: [host] });
    const events = await eventsOf(host);
    expect(events.map((e) => e.type)).toEqual(['conductor.joined', 'conductor.left', 'conductor.joined', 'conductor.lost']);
    expect(events[3].data).toEqual({ hostname: host, conductor_group: '', online: false });
  });

  it('numbers events without gaps or repeats when several relays and writers run at once', async () => {
    const nodes = await Promise.all(Array.from({ length: 20 }, () => newNode()));
    const relays = await Promise.all(Array.from({ length: 4 }, () => db.repos.events.sequence(7)));
    const more = await Promise.all([...nodes.map((n) => db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state: 'enroll', name: `x-${n.uuid.slice(0, 8)}` })), db.repos.events.sequence(3)]);
    expect(more.length).toBe(21);
    while ((await db.repos.events.sequence(500)).length);
    const { first, last } = await db.repos.events.bounds();
    const all = await db.repos.events.after(first - 1, 100_000);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    expect(relays.flat().length).toBeGreaterThan(0);
  });

  it('forgets events older than the window but always keeps the newest, so numbering goes on', async () => {
    await newNode();
    while ((await db.repos.events.sequence(500)).length);
    const { last } = await db.repos.events.bounds();
    expect(await db.repos.events.prune(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await db.repos.events.bounds()).toEqual({ first: last, last });
    const node = await newNode();
    const [next] = await db.repos.events.sequence(500);
    expect(next).toMatchObject({ seq: last + 1, type: 'node.created', uuid: node.uuid });
  });
});
