import type { Dict, PortRecord } from '@ferrum/contracts';
import { HookFailed, runAgentHooks, type AgentHookOptions } from './agent-hooks';

const GiB = 1024 ** 3;
const node = { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', properties: { cpus: 2, capabilities: 'boot_mode:bios,x:y' } };
const raw = {
  interfaces: [
    { name: 'eth0', mac_address: '52:54:00:AA:00:01', ipv4_address: '192.0.2.10' },
    { name: 'eth1', mac_address: '52:54:00:aa:00:02', ipv4_address: null, ipv6_address: 'fe80::1%eth1' },
    { name: 'lo', mac_address: '00:00:00:00:00:01', ipv4_address: '127.0.0.1' },
    { name: 'bad', mac_address: 'nope' },
  ],
  cpu: { count: 8, architecture: 'x86_64', flags: ['vmx', 'aes', 'sse'] },
  memory: { physical_mb: 16384 },
  disks: [
    { name: '/dev/sda', size: 500 * GiB, rotational: true, serial: 'S1' },
    { name: '/dev/sdb', size: 100 * GiB, rotational: false, serial: 'S2' },
  ],
  boot: { current_boot_mode: 'uefi', pxe_interface: '01-52-54-00-aa-00-01' },
};
const inventory = raw as unknown as Dict;
const options = (hooks: AgentHookOptions['hooks'], more: Partial<AgentHookOptions> = {}): AgentHookOptions => ({ hooks, addPorts: 'pxe', keepPorts: 'all', ...more });
const port = (address: string, pxe_enabled: boolean) => ({ uuid: `u-${address}`, address, pxe_enabled }) as PortRecord;

describe("Ironic's inspection hooks for the agent inspect interface", () => {
  it('ramdisk-error fails with the ramdisk\'s error before any other hook', () => {
    expect(() => runAgentHooks(node, [], inventory, { error: 'boom' }, options(['architecture', 'ramdisk-error']))).toThrow(
      new HookFailed('Failed to inspect hardware. Reason: Ramdisk reported error: boom'),
    );
    expect(runAgentHooks(node, [], inventory, { error: null }, options(['ramdisk-error'])).properties).toBeUndefined();
  });

  it('validate-interfaces records every NIC with a valid MAC, the ones add_ports selects, and their MACs', () => {
    const { plugin_data } = runAgentHooks(node, [], inventory, {}, options(['validate-interfaces']));
    expect(Object.keys(plugin_data.all_interfaces as object)).toEqual(['eth0', 'eth1', 'lo']);
    expect(plugin_data.all_interfaces).toMatchObject({ eth0: { mac_address: '52:54:00:aa:00:01', pxe_enabled: true }, eth1: { pxe_enabled: false, ipv6_address: 'fe80::1' } });
    expect(Object.keys(plugin_data.valid_interfaces as object)).toEqual(['eth0']);
    expect(plugin_data.macs).toEqual(['52:54:00:aa:00:01']);
    const active = runAgentHooks(node, [], inventory, {}, options(['validate-interfaces'], { addPorts: 'active' })).plugin_data;
    expect(active.macs).toEqual(['52:54:00:aa:00:01', '52:54:00:aa:00:02']);
  });

  it('validate-interfaces fails when no NIC is usable, in Ironic\'s words', () => {
    expect(() => runAgentHooks(node, [], { interfaces: [{ name: 'x', mac_address: 'bad' }] }, {}, options(['validate-interfaces']))).toThrow(
      `Inventory for node ${node.uuid} is invalid: no valid network interfaces`,
    );
    const noIp = { ...inventory, interfaces: [{ name: 'eth2', mac_address: '52:54:00:aa:00:03' }], boot: {} };
    expect(() => runAgentHooks(node, [], noIp, {}, options(['validate-interfaces'], { addPorts: 'active' }))).toThrow(
      `Inventory for node ${node.uuid} is invalid: no network interfaces match the configuration (add_ports set to "active")`,
    );
  });

  it('ports adds the selected NICs, fixes pxe_enabled of existing ports and applies keep_ports', () => {
    const existing = [port('52:54:00:aa:00:02', true), port('52:54:00:ff:ff:ff', false)];
    const kept = runAgentHooks(node, existing, inventory, {}, options(['validate-interfaces', 'ports'])).ports;
    expect(kept).toEqual({
      add: [{ address: '52:54:00:aa:00:01', pxe_enabled: true }],
      set_pxe: [{ address: '52:54:00:aa:00:02', pxe_enabled: false }],
      remove: [],
    });
    const present = runAgentHooks(node, existing, inventory, {}, options(['validate-interfaces', 'ports'], { keepPorts: 'present' })).ports;
    expect(present?.remove).toEqual(['52:54:00:ff:ff:ff']);
  });

  it('architecture, memory and cpus set numbers over what the operator set; a missing architecture fails', () => {
    const { properties } = runAgentHooks(node, [], inventory, {}, options(['architecture', 'memory', 'cpus']));
    expect(properties).toEqual({ ...node.properties, cpu_arch: 'x86_64', memory_mb: 16384, cpus: 8 });
    expect(() => runAgentHooks(node, [], { interfaces: [] }, {}, options(['architecture']))).toThrow(
      `Inventory for node ${node.uuid} is invalid: Inventory has malformed or missing CPU architecture information: None for node ${node.uuid}.`,
    );
  });

  it('root-device picks the disk the hints name (else the agent\'s root_disk) and leaves 1 GiB', () => {
    const hinted = runAgentHooks({ ...node, properties: { root_device: { serial: 'S1' } } }, [], inventory, {}, options(['root-device']));
    expect(hinted.properties?.local_gb).toBe(499);
    expect(hinted.plugin_data).toMatchObject({ root_disk: { name: '/dev/sda' }, local_gb: 499 });
    const agents = runAgentHooks(node, [], inventory, { root_disk: raw.disks[1] }, options(['root-device']));
    expect(agents.properties?.local_gb).toBe(99);
    expect(runAgentHooks(node, [], { ...inventory, disks: [] }, {}, options(['root-device'])).properties?.local_gb).toBe(0);
    expect(() => runAgentHooks({ ...node, properties: { root_device: { serial: 'nope' } } }, [], inventory, {}, options(['root-device']))).toThrow(
      `Failed to inspect hardware. Reason: No disks satisfied root device hints for node ${node.uuid}`,
    );
  });

  it('cpu-capabilities and boot-mode merge into the capabilities string, replacing a key they set', () => {
    const { properties } = runAgentHooks(node, [], inventory, {}, options(['cpu-capabilities', 'boot-mode']));
    expect(properties?.capabilities).toBe('boot_mode:uefi,x:y,cpu_vt:true,cpu_aes:true');
  });

  it('local-link-connection fills the ports the ports hook keeps and adds, beside its pxe_enabled fixes', () => {
    const lldp = { eth0: [[1, '04885a92ec5459'], [2, '0545746865726e6574312f3138']], eth1: [[1, '04885a92ec5459'], [2, '0545746865726e6574312f3139']] };
    const existing = [{ ...port('52:54:00:aa:00:02', true), local_link_connection: { port_id: 'kept' } }, port('52:54:00:ff:ff:ff', false)];
    const { ports } = runAgentHooks(node, existing, inventory, { lldp_raw: lldp }, options(['validate-interfaces', 'ports', 'local-link-connection'], { keepPorts: 'present' }));
    expect(ports).toEqual({
      add: [{ address: '52:54:00:aa:00:01', pxe_enabled: true }],
      set_pxe: [{ address: '52:54:00:aa:00:02', pxe_enabled: false }],
      remove: ['52:54:00:ff:ff:ff'],
      update: [
        { address: '52:54:00:aa:00:01', changes: { local_link_connection: { switch_id: '88:5a:92:ec:54:59', port_id: 'Ethernet1/18' } } },
        { address: '52:54:00:aa:00:02', changes: { local_link_connection: { port_id: 'kept', switch_id: '88:5a:92:ec:54:59' } } },
      ],
    });
  });

  it('pci-devices counts aliased devices into the capabilities; without PCI data it only warns', () => {
    const pci = { pci_devices: [{ vendor_id: '8086', product_id: '1572' }, { vendor_id: '8086', product_id: '1572' }] };
    const pciDeviceAlias = [{ vendor_id: '8086', product_id: '1572', name: 'x710' }];
    expect(runAgentHooks(node, [], inventory, pci, options(['pci-devices'], { pciDeviceAlias })).properties?.capabilities).toBe('boot_mode:bios,x:y,x710:2');
    const warn = jest.fn();
    expect(runAgentHooks(node, [], inventory, {}, options(['pci-devices'], { pciDeviceAlias, warn })).properties).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(`No information about PCI devices was received from the ramdisk. Node: ${node.uuid}`);
  });

  it('raid-device sets the hint that a later root-device then uses', () => {
    const previous = { disks: [raw.disks[0]] };
    const { properties } = runAgentHooks(node, [], inventory, {}, options(['raid-device', 'root-device'], { previousInventory: previous }));
    expect(properties).toMatchObject({ root_device: { serial: 'S2' }, local_gb: 99 });
  });

  it('changes nothing it was not asked to, and never its inputs', () => {
    const input = structuredClone(inventory);
    const result = runAgentHooks(node, [], input, { extra: 1 }, options([]));
    expect(result).toEqual({ plugin_data: { extra: 1 } });
    expect(input).toEqual(inventory);
  });
});
