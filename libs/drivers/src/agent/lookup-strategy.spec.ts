import type { NodeRecord } from '@ferrum/contracts';
import { DriverRegistry } from '../driver-registry';
import { routesOf } from '../vendor/mixin-vendor';
import { LookupSource, LookupStrategy, bmcStrategy, lookupMacs, macStrategy } from './lookup-strategy';

const node = (uuid: string, fields: Partial<NodeRecord> = {}) => ({ uuid, driver_info: {}, properties: {}, extra: {}, ...fields }) as NodeRecord;

describe('agent lookup strategies and vendor methods in the driver registry', () => {
  it('adds a plugin\'s lookup strategy after the built-in ones', () => {
    const custom: LookupStrategy = { name: 'asset-tag', find: async () => [] };
    const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'], plugins: [{ register: (api) => api.addLookupStrategy(custom) }] });
    expect(registry.lookupStrategies.map((s) => s.name)).toEqual(['mac', 'bmc', 'serial', 'asset-tag']);
  });

  it('mixes lookup (driver) and heartbeat (node) into every vendor interface, no-vendor included', () => {
    const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware', 'manual-management'] });
    for (const driver of ['fake-hardware', 'manual-management']) {
      const vendor = registry.get({ driver }, 'vendor');
      expect([...routesOf(vendor, 'driver').keys()]).toContain('lookup');
      expect([...routesOf(vendor, 'node').keys()]).toContain('heartbeat');
    }
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
