import type { Dict } from '@ferrum/contracts';
import { physicalNetworkOf, planPhysicalNetworks } from './physical-network.hook';

const MAP = ['10.10.10.0/24:physnet_a', '2001:db8::/64:physnet_b', '10.10.0.0/16:physnet_wide'];
const inventory: Dict = {
  interfaces: [
    { name: 'eth0', mac_address: '52:54:00:00:00:01', ipv4_address: '10.10.10.5', ipv6_address: '2001:db8::5' },
    { name: 'eth1', mac_address: '52:54:00:00:00:02', ipv4_address: null, ipv6_address: '2001:db8::6%eth1' },
    { name: 'eth2', mac_address: '52:54:00:00:00:03', ipv4_address: '192.0.2.9', ipv6_address: null },
    { name: 'eth3', mac_address: '52:54:00:00:00:04', ipv4_address: '10.10.20.1' },
  ],
};
const all = { all_interfaces: { eth0: {}, eth1: {}, eth2: {}, eth3: {} } };
const ports = (physnet: string | null = null) => ['01', '02', '03', '04'].map((n) => ({ address: `52:54:00:00:00:${n}`, physical_network: physnet }));

describe("Ironic's physical-network hook", () => {
  it('maps a NIC by its IPv4 address first, then IPv6, first matching entry in map order', () => {
    expect(physicalNetworkOf({ ipv4_address: '10.10.10.5', ipv6_address: '2001:db8::5' }, MAP)).toBe('physnet_a');
    expect(physicalNetworkOf({ ipv4_address: '192.0.2.1', ipv6_address: '2001:db8::5' }, MAP)).toBe('physnet_b');
    expect(physicalNetworkOf({ ipv4_address: '10.10.20.1' }, MAP)).toBe('physnet_wide');
    expect(physicalNetworkOf({ ipv4_address: '10.10.10.5' }, [...MAP.slice(2), ...MAP.slice(0, 2)])).toBe('physnet_wide');
    expect(physicalNetworkOf({ ipv4_address: 'garbage', ipv6_address: null }, MAP)).toBeNull();
  });

  it("plans physical_network for each validated NIC's port that a network matches", () => {
    expect(planPhysicalNetworks(inventory, all, ports(), MAP)).toEqual([
      { address: '52:54:00:00:00:01', changes: { physical_network: 'physnet_a' } },
      { address: '52:54:00:00:00:02', changes: { physical_network: 'physnet_b' } },
      { address: '52:54:00:00:00:04', changes: { physical_network: 'physnet_wide' } },
    ]);
  });

  it('leaves ports already on that network, NICs validate-interfaces dropped and NICs without a port', () => {
    expect(planPhysicalNetworks(inventory, all, ports('physnet_a'), MAP)).toEqual([
      { address: '52:54:00:00:00:02', changes: { physical_network: 'physnet_b' } },
      { address: '52:54:00:00:00:04', changes: { physical_network: 'physnet_wide' } },
    ]);
    expect(planPhysicalNetworks(inventory, { all_interfaces: { eth2: {} } }, ports(), MAP)).toEqual([]);
    expect(planPhysicalNetworks(inventory, all, [], MAP)).toEqual([]);
    expect(planPhysicalNetworks(inventory, all, ports(), [])).toEqual([]);
  });
});
