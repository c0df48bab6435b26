import { Placement } from './placement';

describe('Placement', () => {
  const placement = Placement.of([
    { hostname: 'c1', conductor_group: '', hardware_types: ['ipmi', 'redfish'] },
    { hostname: 'c2', conductor_group: '', hardware_types: ['ipmi'] },
    { hostname: 'c3', conductor_group: 'rack-b', hardware_types: ['ipmi'] },
  ]);
  const node = (uuid: string, driver = 'ipmi', conductor_group = '') => ({ uuid, driver, conductor_group });

  it('places a node only on conductors of its group that serve its driver, owner first', () => {
    const candidates = placement.candidates(node('n1'));
    expect([...candidates].sort()).toEqual(['c1', 'c2']);
    expect(placement.ownerOf(node('n1'))).toBe(candidates[0]);
    expect(placement.candidates(node('n1', 'redfish'))).toEqual(['c1']);
    expect(placement.ownerOf(node('n1', 'ipmi', 'rack-b'))).toBe('c3');
  });

  it('has no owner where nobody serves the driver in the group', () => {
    expect(placement.serves('redfish', 'rack-b')).toBe(false);
    expect(placement.ownerOf(node('n1', 'redfish', 'rack-b'))).toBeNull();
    expect(placement.candidates(node('n1', 'fake-hardware'))).toEqual([]);
    expect(Placement.of([]).hosts).toEqual([]);
  });

  it('moves only the nodes of a conductor that leaves', () => {
    const uuids = Array.from({ length: 300 }, (_, i) => `node-${i}`);
    const after = Placement.of([
      { hostname: 'c1', conductor_group: '', hardware_types: ['ipmi', 'redfish'] },
      { hostname: 'c3', conductor_group: 'rack-b', hardware_types: ['ipmi'] },
    ]);
    for (const uuid of uuids) {
      const before = placement.ownerOf(node(uuid));
      if (before === 'c1') expect(after.ownerOf(node(uuid))).toBe('c1');
    }
  });
});
