import type { NodeRecord } from '@ferrum/contracts';
import { DriverRegistry } from '../driver-registry';
import { routesOf } from '../passthru/mixin-vendor';
import { LookupSource, LookupStrategy, bmcStrategy, lookupMacs, macStrategy } from './lookup-strategy';

const node = (uuid: string, fields: Partial<NodeRecord> = {}) => ({ uuid, driver_info: {}, properties: {}, extra: {}, ...fields }) as NodeRecord;

describe('agent lookup strategies and vendor methods in the driver registry', () => {
  it('adds a plugin\'s lookup strategy after the built-in ones', () => {
    const custom: LookupStrategy = { name: 'asset-tag', find: async () => [] };
    const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'], plugins: [{ register: (api) => api.addLookupStrategy(custom) }] });
    expect(registry.lookupStrategies.map((s) => s.name)).toEqual(['mac', 'bmc', 'serial', 'asset-tag']);
  });

  it('mixes lookup (driver) and heartbeat (node) into the vendor interfaces of the types an agent boots on, no-vendor included', () => {
    const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware', 'manual-management', 'ipmi', 'redfish'] });
    for (const driver of ['manual-management', 'ipmi', 'redfish']) {
      const vendor = registry.get({ driver }, 'vendor');
      expect([...routesOf(vendor, 'driver').keys()]).toContain('lookup');
      expect([...routesOf(vendor, 'node').keys()]).toContain('heartbeat');
    }
    // fake-hardware's vendor is exactly Ironic's fake, whatever vendor interface the node names.
    for (const vendor_interface of ['fake', 'no-vendor']) {
      const vendor = registry.get({ driver: 'fake-hardware', vendor_interface }, 'vendor');
      expect([...routesOf(vendor, 'driver').keys()]).toEqual([]);
      expect([...routesOf(vendor, 'node').keys()]).not.toContain('heartbeat');
    }
  });

  it('gives ferrum-demo the demonstration driver methods and fake\'s node methods', () => {
    const vendor = new DriverRegistry({ enabledHardwareTypes: ['ferrum-demo'] }).get({ driver: 'ferrum-demo' }, 'vendor');
    expect([...routesOf(vendor, 'driver').keys()].sort()).toEqual(['add', 'driver_job', 'echo']);
    expect([...routesOf(vendor, 'node').keys()].sort()).toEqual(['fourth_method_shared_lock', 'second_method', 'third_method_sync']);
  });

  it('normalises MACs and drops invalid ones', () => {
    expect(lookupMacs({ interfaces: [{ name: 'eth0', mac_address: 'AA-BB-CC-DD-EE-FF' }, { name: 'ib0', mac_address: null }] }, ['nope', 'aa:bb:cc:dd:ee:01'])).toEqual([
      'aa:bb:cc:dd:ee:ff',
      'aa:bb:cc:dd:ee:01',
    ]);
  });

  it('matches by MAC through the source and by BMC host, ignoring the "unknown" BMC address', async () => {
    const a = node('a', { driver_info: { ipmi_address: '10.0.0.5' } });
    const source: LookupSource = { nodesByMacs: async (macs) => (macs.includes('aa:bb:cc:dd:ee:ff') ? [a, a] : []), lookupCandidates: async () => [a] };
    expect(await macStrategy.find({ macs: ['aa:bb:cc:dd:ee:ff'] }, source)).toEqual([a]);
    const inv = (bmc: string) => ({ inventory: { bmc_address: bmc } as never, macs: [] });
    expect(await bmcStrategy.find(inv('10.0.0.5'), source)).toEqual([a]);
    expect(await bmcStrategy.find(inv('0.0.0.0'), source)).toEqual([]);
  });
});
