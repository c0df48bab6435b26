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

  it('changes nothing it was not asked to, and never its inputs', () => {
    const input = structuredClone(inventory);
    const result = runAgentHooks(node, [], input, { extra: 1 }, options([]));
    expect(result).toEqual({ plugin_data: { extra: 1 } });
    expect(input).toEqual(inventory);
  });
});
