import { allOptions } from './common.config';
import { cidrMapError } from './cidr-map';
import { loadConfig } from './load-config';

describe("the inspection hooks' options", () => {
  it('defaults to Ironic\'s: no PCI aliases, no CIDR map', () => {
    const config = loadConfig(allOptions, {});
    expect(config.inspectionPciDeviceAlias).toEqual([]);
    expect(config.inspectionPhysicalNetworkCidrMap).toEqual([]);
    expect(config.inspectionKnownAccelerators).toBeUndefined();
    expect(config.inspectionExtraHardwareStrict).toBe(false);
  });

  it('reads PCI aliases as a JSON array of exactly vendor_id, product_id and name', () => {
    const alias = { vendor_id: '8086', product_id: '1572', name: 'x710' };
    expect(loadConfig(allOptions, { FERRUM_INSPECTION_PCI_DEVICE_ALIAS: JSON.stringify([alias]) }).inspectionPciDeviceAlias).toEqual([alias]);
    expect(() => loadConfig(allOptions, { FERRUM_INSPECTION_PCI_DEVICE_ALIAS: '{"vendor_id": "8086"' })).toThrow(/FERRUM_INSPECTION_PCI_DEVICE_ALIAS/);
    expect(() => loadConfig(allOptions, { FERRUM_INSPECTION_PCI_DEVICE_ALIAS: JSON.stringify([{ ...alias, extra: 1 }]) })).toThrow(/FERRUM_INSPECTION_PCI_DEVICE_ALIAS/);
  });

  it('checks each CIDR map entry as Python\'s ip_network would', () => {
    const map = '10.10.10.0/24:physnet_a, 2001:db8::/64:physnet_b,192.0.2.7:host';
    expect(loadConfig(allOptions, { FERRUM_INSPECTION_PHYSICAL_NETWORK_CIDR_MAP: map }).inspectionPhysicalNetworkCidrMap).toEqual([
      '10.10.10.0/24:physnet_a',
      '2001:db8::/64:physnet_b',
      '192.0.2.7:host',
    ]);
    expect(cidrMapError('::ffff:192.0.2.0/120:v4mapped')).toBeUndefined();
    expect(cidrMapError('10.10.10.1/24:physnet_a')).toBe('"10.10.10.1/24:physnet_a" has host bits set');
    expect(cidrMapError('2001:db8::1/64:x')).toBe('"2001:db8::1/64:x" has host bits set');
    expect(cidrMapError('10.0.0.0/33:x')).toBe('"10.0.0.0/33:x": bad prefix length');
    expect(cidrMapError('10.0.0.0/8')).toBe('"10.0.0.0/8" is not <cidr>:<physical network>');
    expect(cidrMapError('physnet:x')).toBe('"physnet:x" is not <cidr>:<physical network>');
    expect(() => loadConfig(allOptions, { FERRUM_INSPECTION_PHYSICAL_NETWORK_CIDR_MAP: '10.0.0.1/8:x' })).toThrow(/host bits/);
  });

  it('refuses a hook listed before the one it needs', () => {
    expect(() => loadConfig(allOptions, { FERRUM_INSPECTION_HOOKS: 'physical-network,validate-interfaces' })).toThrow(/physical-network needs validate-interfaces/);
    expect(loadConfig(allOptions, { FERRUM_INSPECTION_HOOKS: 'validate-interfaces,ports,parse-lldp,local-link-connection,physical-network,pci-devices' }).inspectionHooks).toHaveLength(6);
  });
});
