import type { Dict } from '@ferrum/contracts';
import { planLocalLinkConnections } from './local-link-connection.hook';

// A Cisco Nexus neighbour as IPA reports it: End, MAC Chassis ID, Port ID "Ethernet1/18" (ifName), TTL, System Name.
const tlvs = (): [number, string][] => [
  [0, ''],
  [1, '04885a92ec5459'],
  [2, '0545746865726e6574312f3138'],
  [3, '0078'],
  [5, '7377697463682d61312e6578616d706c652e6f7267'],
];
const inventory = (lldp: Dict[string] = tlvs()): Dict => ({
  interfaces: [
    { name: 'em1', mac_address: '11:11:11:11:11:11', ipv4_address: '192.0.2.11', lldp },
    { name: 'em2', mac_address: '22:22:22:22:22:22', ipv4_address: null, lldp: null },
  ],
});
const all = { all_interfaces: { em1: {}, em2: {} } };
const port = (local_link_connection: Dict = {}) => [{ address: '11:11:11:11:11:11', local_link_connection }];
const run = (inv: Dict, data: Dict, ports = port(), warn = jest.fn()) => planLocalLinkConnections(inv, data, ports, warn);

describe("Ironic's local-link-connection hook", () => {
  it('sets switch_id from a MAC chassis ID, port_id and switch_info from LLDP', () => {
    expect(run(inventory(), all)).toEqual([
      { address: '11:11:11:11:11:11', changes: { local_link_connection: { switch_id: '88:5a:92:ec:54:59', port_id: 'Ethernet1/18', switch_info: 'switch-a1.example.org' } } },
    ]);
  });

  it('prefers plugin_data.lldp_raw over the inventory and reads MAC and address port IDs', () => {
    const raw = { em1: [[1, '04885a92ec5459'], [2, '03885a92ec5458']] };
    expect(run(inventory(), { ...all, lldp_raw: raw })[0].changes).toEqual({ local_link_connection: { switch_id: '88:5a:92:ec:54:59', port_id: '88:5a:92:ec:54:58' } });
    const ipv4 = [[2, '0401c0000201']];
    expect(run(inventory(ipv4), all)[0].changes).toEqual({ local_link_connection: { port_id: '192.0.2.1' } });
    const ipv6 = [[2, '040220010db8000000000000000000000001']];
    expect(run(inventory(ipv6), all)[0].changes).toEqual({ local_link_connection: { port_id: '2001:db8::1' } });
  });

  it('skips unsupported subtypes: a non-MAC chassis ID and a port ID of subtype 6', () => {
    const lldp = [[1, '0773776974636861'], [2, '0645746865726e6574312f3138'], [5, '7377']];
    expect(run(inventory(lldp), all)[0].changes).toEqual({ local_link_connection: { switch_info: 'sw' } });
  });

  it('keeps what the port already has', () => {
    const existing = { switch_id: '11:11:11:11:11:11', port_id: 'Ether' };
    expect(run(inventory(), all, port(existing))).toEqual([
      { address: '11:11:11:11:11:11', changes: { local_link_connection: { ...existing, switch_info: 'switch-a1.example.org' } } },
    ]);
    const full = { ...existing, switch_info: 'x' };
    expect(run(inventory(), all, port(full))).toEqual([]);
  });

  it('ignores NICs validate-interfaces dropped, NICs without a port and NICs without LLDP (warned)', () => {
    const warn = jest.fn();
    expect(run(inventory(), { all_interfaces: {} }, port(), warn)).toEqual([]);
    expect(run(inventory(), all, [], warn)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    expect(run(inventory(null), all, port(), warn)).toEqual([]);
    expect(warn).toHaveBeenCalledWith('No LLDP data found for interface 11:11:11:11:11:11');
  });

  it('leaves the port untouched when a TLV is not hex or does not decode', () => {
    const warn = jest.fn();
    expect(run(inventory([[1, '04885a92ec5459'], [2, 'weee']]), all, port(), warn)).toEqual([]);
    expect(warn).toHaveBeenCalledWith('TLV value for TLV type 2 is not in correct format. Ensure that the TLV value is in hexadecimal format when sent to ironic.');
    expect(run(inventory([[1, '04885a92']]), all, port(), warn)).toEqual([]);
    expect(warn).toHaveBeenLastCalledWith('TLV parse error for TLV type 1: expected 6 bytes, found 3');
    expect(run(inventory([[5, 'ff']]), all, port(), warn)).toEqual([]);
    expect(warn).toHaveBeenLastCalledWith('TLV parse error for TLV type 5: invalid UTF-8');
  });
});
