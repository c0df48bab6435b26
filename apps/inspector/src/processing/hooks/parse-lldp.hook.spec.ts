import type { Dict } from '@ferrum/contracts';
import { parseLldp } from './parse-lldp.hook';

/** A full LLDPDU from a distribution switch: basic TLVs, 802.3 and 802.1 extensions. */
const FULL: [number, string][] = [
  [1, '04112233aabbcc'],
  [2, '07373334'],
  [3, '003c'],
  [4, '686f737430322e6c61622e656e6720706f7274203320' + '28426f6e6429'],
  [5, '737730312d646973742d31622d623132'],
  [6, '4e6574776f726b732c20496e632e20353530302c2076657273696f6e203132204275696c6420646174653a20323031342d30332d31332030383a33383a33302055544320'],
  [7, '00140014'],
  [8, '0501c000020f020000000000'],
  [8, '110220010db885a3000000008a2e03707334020000000000'],
  [8, '0706aa11bb22cc3302000003e900'],
  [127, '00120f01036c110010'],
  [127, '00120f030300000002'],
  [127, '00120f0405ea'],
  [127, '0080c2010066'],
  [127, '0080c20206000a'],
  [127, '0080c202060014'],
  [127, '0080c204080026424203000000'],
  [127, '0080c203006507766c616e313031'],
  [127, '0080c203006607766c616e313032'],
  [127, '0080c203006807766c616e313034'],
  [127, '0080c2060058'],
  [0, ''],
];

const run = (interfaces: Dict[], pluginData: Dict = {}) => {
  const warn = jest.fn();
  const data = structuredClone(pluginData);
  parseLldp({ interfaces }, data, warn);
  return { parsed: data.parsed_lldp as Dict | undefined, warn };
};

describe("Ironic's parse-lldp hook", () => {
  it('names every basic, 802.1 and 802.3 TLV, preferring plugin_data.lldp_raw', () => {
    const { parsed, warn } = run([{ name: 'em1', lldp: [[0, '']] }], { lldp_raw: { em1: FULL } });
    expect(parsed).toEqual({
      em1: {
        switch_chassis_id: '11:22:33:aa:bb:cc',
        switch_port_id: '734',
        switch_port_description: 'host02.lab.eng port 3 (Bond)',
        switch_system_name: 'sw01-dist-1b-b12',
        switch_system_description: 'Networks, Inc. 5500, version 12 Build date: 2014-03-13 08:38:30 UTC ',
        switch_capabilities_support: ['Bridge', 'Router'],
        switch_capabilities_enabled: ['Bridge', 'Router'],
        switch_mgmt_addresses: ['192.0.2.15', '2001:db8:85a3::8a2e:370:7334', 'aa:11:bb:22:cc:33'],
        switch_port_autonegotiation_enabled: true,
        switch_port_autonegotiation_support: true,
        switch_port_physical_capabilities: ['1000BASE-T fdx', '100BASE-TX fdx', '100BASE-TX hdx', '10BASE-T fdx', '10BASE-T hdx', 'Asym and Sym PAUSE fdx'],
        switch_port_mau_type: '100BASE-TX full duplex',
        switch_port_link_aggregation_enabled: true,
        switch_port_link_aggregation_support: true,
        switch_port_link_aggregation_id: 2,
        switch_port_mtu: 1514,
        switch_port_untagged_vlan_id: 102,
        switch_port_protocol_vlan_enabled: true,
        switch_port_protocol_vlan_support: true,
        switch_port_protocol_vlan_ids: [10, 20],
        switch_protocol_identities: ['0026424203000000'],
        switch_port_vlans: [
          { name: 'vlan101', id: 101 },
          { name: 'vlan102', id: 102 },
          { name: 'vlan104', id: 104 },
        ],
        switch_port_management_vlan_id: 88,
      },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('reads each NIC (not only validated ones), keeps the first of duplicate TLVs, warns for NICs without LLDP', () => {
    const { parsed, warn } = run(
      [{ name: 'em1' }, { name: 'em2', lldp: [[1, '04112233aabbdd'], [1, '04332211ddeeff'], [2, '07373838'], [2, '07373939']] }, { name: 'em3', lldp: [[1, '0501c000020f']] }, { name: 'em4', lldp: [[1, '0773773031']] }],
      { lldp_raw: { em1: [] } },
    );
    expect(parsed).toEqual({
      em2: { switch_chassis_id: '11:22:33:aa:bb:dd', switch_port_id: '788' },
      em3: { switch_chassis_id: '192.0.2.15' },
      em4: { switch_chassis_id: 'sw01' },
    });
    expect(warn).toHaveBeenCalledWith('No LLDP Data found for interface em1');
  });

  it('writes nothing for TLVs it does not handle or OUIs it does not know', () => {
    expect(run([{ name: 'em1', lldp: [[10, '04112233aabbcc'], [12, '07373334'], [128, '00120f080300010000'], [127, '00120f080300010000']] }]).parsed).toBeUndefined();
    const { parsed, warn } = run([{ name: 'em1', lldp: [[127, '00906901425030323134323530393236'], [127, '23ac0074657374']] }]);
    expect(parsed).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Organizationally Unique ID 009069 not recognized');
  });

  it('keeps empty strings and skips truncated, mis-sized, too long or non-hex TLVs with a warning each', () => {
    const empty = run([{ name: 'em1', lldp: [[1, '04'], [4, ''], [5, ''], [6, ''], [127, '0080c203006507']] }]);
    expect(empty.parsed).toEqual({ em1: { switch_port_description: '', switch_system_name: '', switch_system_description: '' } });
    expect(empty.warn).toHaveBeenCalledTimes(2);
    const bad = [
      [127, '00120f04'],
      [127, '0080c201'],
      [127, '0080c206'],
      [8, '0501'],
      [8, '0506'],
      [127, '00120f01036c11FFFF'],
      [127, '00120f01036c11'],
      [127, '00120f0303'],
      [1, '0'.repeat(1024)],
      [5, 'zz'],
      [5, 'ff'],
      [1, '0073'],
    ];
    const { parsed, warn } = run([{ name: 'em1', lldp: bad }]);
    expect(parsed).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(bad.length);
    expect(warn).toHaveBeenCalledWith('TLV parse error: Invalid index for mau type');
    expect(warn).toHaveBeenCalledWith('TLV parse error: Invalid data for switch_port_mac_phy_config expected len 5, got 3');
    // An address of a family Ironic does not map is skipped quietly.
    expect(run([{ name: 'em1', lldp: [[8, '0507c000020f020000000000']] }]).warn).not.toHaveBeenCalled();
  });

  it('reads at most 64 NICs', () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `em${i + 1}`, lldp: [[1, '04112233aabbcc']] }));
    const { parsed, warn } = run(many);
    expect(Object.keys(parsed!)).toHaveLength(64);
    expect(parsed!.em65).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Interface count (65) exceeds maximum supported amount (64); truncating interfaces.');
  });
});
