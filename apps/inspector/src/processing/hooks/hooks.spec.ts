import type { InventoryDisk, NodeRecord } from '@ferrum/contracts';
import type { IntrospectionData } from '../introspection-data';
import { capabilities, rootDiskSelection, scheduler } from './property-hooks';
import { PropertyPatch } from './property-patch';
import { defaultRootDisk, localGb, selectRootDisk } from './root-device-hints';
import { validateInterfaces } from './validate-interfaces.hook';

const GiB = 1024 ** 3;
const disks: InventoryDisk[] = [
  { name: '/dev/sda', size: 500 * GiB, rotational: true, model: 'Big HDD', serial: 'A1', wwn: '0x5000', hctl: '0:0:0:0' },
  { name: '/dev/sdb', size: 100 * GiB, rotational: false, model: 'Fast SSD', serial: 'B2' },
  { name: '/dev/sdc', size: 2 * GiB, rotational: false, model: 'USB stick' },
];

describe('root device hints', () => {
  it.each([
    [{ serial: 'A1' }, '/dev/sda'],
    [{ name: 'sdb' }, '/dev/sdb'],
    [{ name: '/dev/sda' }, '/dev/sda'],
    [{ size: 100 }, '/dev/sdb'],
    [{ size: '>= 200' }, '/dev/sda'],
    [{ size: '<= 100', rotational: false }, '/dev/sdc'],
    [{ model: '<in> SSD' }, '/dev/sdb'],
    [{ model: 's== Big HDD' }, '/dev/sda'],
    [{ serial: '<or> Z9 <or> B2' }, '/dev/sdb'],
    [{ rotational: true }, '/dev/sda'],
    [{ wwn: '0x5000', hctl: '0:0:0:0' }, '/dev/sda'],
  ])('hints %j pick %s', (hints, name) => {
    expect(selectRootDisk(hints, disks).name).toBe(name);
  });

  it('refuses hints no disk satisfies, and unknown hint names', () => {
    expect(() => selectRootDisk({ size: 9999 }, disks)).toThrow('No disks satisfied root device hints');
    expect(() => selectRootDisk({ colour: 'blue' }, disks)).toThrow('Unsupported root device hints: colour');
  });

  it('skips devices listed in skip_block_devices', () => {
    expect(selectRootDisk({ rotational: false }, disks, ['/dev/sdc']).name).toBe('/dev/sdb');
  });

  it('defaults to the smallest disk of at least 4 GiB and leaves 1 GiB for partitioning', () => {
    expect(defaultRootDisk(disks)?.name).toBe('/dev/sdb');
    expect(localGb({ size: 100 * GiB })).toBe(99);
    expect(localGb(undefined)).toBe(0);
  });
});

describe('validate_interfaces', () => {
  const data = (boot: string | null): IntrospectionData => ({
    inventory: {
      interfaces: [
        { name: 'lo', mac_address: '00:00:00:00:00:00', ipv4_address: '127.0.0.1' },
        { name: 'eth0', mac_address: '52:54:00:AA:00:01', ipv4_address: '192.0.2.1' },
        { name: 'eth1', mac_address: '52:54:00:aa:00:02', ipv4_address: null },
        { name: 'ib0', mac_address: 'not-a-mac', ipv4_address: '192.0.2.3' },
      ],
      cpu: { model_name: null, frequency: null, count: 1, architecture: 'x86_64', flags: [] },
      memory: { total: 1, physical_mb: 1 },
      disks: [],
      system_vendor: {},
      boot: { current_boot_mode: 'bios', pxe_interface: null },
    },
    boot_interface: boot,
  });

  it('keeps NICs with a valid MAC (lower-cased), drops loopback, marks the BOOTIF NIC as pxe', () => {
    const d = data('01-52-54-00-aa-00-02');
    validateInterfaces(d, 'all');
    expect(d.all_interfaces).toEqual({
      eth0: { ip: '192.0.2.1', mac: '52:54:00:aa:00:01', client_id: null, pxe: false },
      eth1: { ip: null, mac: '52:54:00:aa:00:02', client_id: null, pxe: true },
    });
    expect(d.macs).toEqual(['52:54:00:aa:00:01', '52:54:00:aa:00:02']);
  });

  it.each([
    ['pxe', '52:54:00:aa:00:02', ['52:54:00:aa:00:02']],
    ['pxe', null, ['52:54:00:aa:00:01']],
    ['active', '52:54:00:aa:00:02', ['52:54:00:aa:00:01']],
    ['disabled', null, []],
  ] as const)('add_ports=%s with BOOTIF %s selects %j', (mode, boot, macs) => {
    const d = data(boot);
    validateInterfaces(d, mode);
    expect(d.macs).toEqual(macs);
  });

  it('fails without an inventory or without any usable NIC', () => {
    expect(() => validateInterfaces({}, 'all')).toThrow('Hardware inventory is empty or missing');
    const d = data(null);
    d.inventory!.interfaces = [{ name: 'lo', mac_address: '00:00:00:00:00:00', ipv4_address: '127.0.0.1' }];
    expect(() => validateInterfaces(d, 'all')).toThrow('No suitable interfaces found');
  });
});

describe('property hooks', () => {
  const node = (properties: Record<string, unknown>) => ({ uuid: 'n', properties }) as unknown as NodeRecord;
  const inventoryData = (): IntrospectionData =>
    ({
      inventory: {
        interfaces: [],
        cpu: { model_name: 'x', frequency: '1', count: 16, architecture: 'aarch64', flags: ['svm', 'pdpe1gb', 'smx', 'sse'] },
        memory: { total: 1, physical_mb: 32768 },
        disks,
        system_vendor: {},
        boot: { current_boot_mode: 'uefi', pxe_interface: null },
      },
    });

  it('writes cpus, cpu_arch, memory_mb and local_gb as strings when absent', () => {
    const d = inventoryData();
    const patch = new PropertyPatch({}, false);
    rootDiskSelection(d, node({}), patch);
    scheduler(d, patch);
    expect(patch.properties).toEqual({ local_gb: '99', cpus: '16', cpu_arch: 'aarch64', memory_mb: '32768' });
  });

  it('keeps properties the node has unless overwriting', () => {
    const d = inventoryData();
    const keep = new PropertyPatch({ cpus: '2', memory_mb: '' }, false);
    scheduler(d, keep);
    expect(keep.properties).toMatchObject({ cpus: '2', memory_mb: '32768' });
    const replace = new PropertyPatch({ cpus: '2' }, true);
    scheduler(d, replace);
    expect(replace.properties.cpus).toBe('16');
  });

  it('honours root device hints for local_gb and records the chosen disk', () => {
    const d = inventoryData();
    const patch = new PropertyPatch({}, false);
    rootDiskSelection(d, node({ root_device: { serial: 'A1' } }), patch);
    expect(patch.properties.local_gb).toBe('499');
    expect(d.root_disk?.name).toBe('/dev/sda');
  });

  it('merges CPU and boot-mode capabilities into the Ironic string, keeping existing keys unless overwriting', () => {
    const patch = new PropertyPatch({ capabilities: 'profile:gold,cpu_vt:false' }, false);
    capabilities(inventoryData(), patch, true);
    expect((patch.properties.capabilities as string).split(',').sort()).toEqual(['boot_mode:uefi', 'cpu_hugepages_1g:true', 'cpu_txt:true', 'cpu_vt:false', 'profile:gold']);
    const over = new PropertyPatch({ capabilities: 'cpu_vt:false' }, true);
    capabilities(inventoryData(), over, false);
    expect(over.properties.capabilities).toContain('cpu_vt:true');
  });
});
