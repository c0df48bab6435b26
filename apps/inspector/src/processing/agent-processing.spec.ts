import type { Dict, InspectionChanges, NodeRecord, PortRecord } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorGateway } from '../conductor/conductor.gateway';
import type { InspectionRule } from '../inspection-rules';
import type { IntrospectionService } from '../introspection/introspection.service';
import { AgentProcessing } from './agent-processing';
import type { ProcessingOptions } from './processing-options';

const uuid = '0f8b7c54-7d1e-4f0e-9a53-1f3c2c7e5b10';
const node = { id: 7, uuid, properties: { capabilities: 'boot_mode:uefi' }, traits: [] } as unknown as NodeRecord;
const existing = { uuid: 'p1', address: '52:54:00:aa:00:02', pxe_enabled: true, local_link_connection: {}, physical_network: null } as unknown as PortRecord;

// An IPA callback: two NICs with LLDP from the same switch, two X710 functions on the PCI bus.
const callback = (): Dict => ({
  inventory: {
    interfaces: [
      { name: 'eno1', mac_address: '52:54:00:aa:00:01', ipv4_address: '192.0.2.21', lldp: [[1, '04885a92ec5459'], [2, '0545746865726e6574312f3138'], [5, '6c6561662d3031']] },
      { name: 'eno2', mac_address: '52:54:00:aa:00:02', ipv4_address: null, lldp: [[1, '04885a92ec5459'], [2, '0545746865726e6574312f3139']] },
    ],
    cpu: { architecture: 'x86_64', count: 16 },
    memory: { physical_mb: 65536 },
    boot: { current_boot_mode: 'uefi', pxe_interface: '52:54:00:aa:00:01' },
  },
  pci_devices: [
    { vendor_id: '8086', product_id: '1572', bus: '0000:3b:00.0' },
    { vendor_id: '8086', product_id: '1572', bus: '0000:3b:00.1' },
    { vendor_id: '10de', product_id: '26b9', bus: '0000:af:00.0' },
  ],
  data: [
    ['system', 'product', 'vendor', 'Dell Inc.'],
    ['memory', 'total', 'size', '68719476736'],
  ],
});

/** A rule that edits a port the hooks also edit: both edits reach the conductor, the rule's last. */
const rule: InspectionRule = {
  description: 'role',
  priority: 0,
  sensitive: false,
  phase: 'main',
  conditions: [],
  actions: [{ op: 'set-port-attribute', args: { port_id: '52:54:00:aa:00:02', path: '/extra/role', value: 'data' } }],
} as unknown as InspectionRule;

function processing(options: Partial<ProcessingOptions>, previous?: Dict) {
  const applied: InspectionChanges[] = [];
  const stored: Dict[] = [];
  const gateway = {
    node: async () => node,
    ports: async () => [existing],
    applyInspection: async (_n: NodeRecord, changes: InspectionChanges) => void applied.push(changes),
  } as unknown as ConductorGateway;
  const repos = {
    introspections: { storeData: async (_u: string, _f: boolean, data: Dict) => void stored.push(data), getData: async () => previous },
  } as unknown as Repositories;
  const introspection = { syncFilter: async () => undefined } as unknown as IntrospectionService;
  const warn = jest.fn();
  const agent = new AgentProcessing(
    repos,
    gateway,
    introspection,
    { rules: async () => [rule] },
    {
      inspectionHooks: ['ramdisk-error', 'validate-interfaces', 'ports', 'architecture', 'pci-devices', 'parse-lldp', 'local-link-connection', 'physical-network', 'accelerators', 'extra-hardware'],
      inspectorAddPorts: 'pxe',
      inspectorKeepPorts: 'all',
      inspectorStoreData: 'database',
      inspectionPciDeviceAlias: [{ vendor_id: '8086', product_id: '1572', name: 'x710' }],
      inspectionPhysicalNetworkCidrMap: ['192.0.2.0/24:provisioning'],
      ...options,
    } as ProcessingOptions,
    { warn },
  );
  return { agent, applied, stored, warn };
}

describe('AgentProcessing with the optional hooks', () => {
  it('sends the hooks\' capabilities and port connections to the conductor in one call, the rules\' port edits after', async () => {
    const { agent, applied, stored } = processing({});
    await agent.process(uuid, callback());
    expect(applied).toHaveLength(1);
    expect(applied[0].properties).toEqual({
      capabilities: 'boot_mode:uefi,x710:2',
      cpu_arch: 'x86_64',
      accelerators: [{ vendor_id: '10de', device_id: '26b9', type: 'GPU', device_info: 'NVIDIA Corporation L40S', pci_address: '0000:af:00.0' }],
    });
    expect(applied[0].ports).toEqual({
      add: [{ address: '52:54:00:aa:00:01', pxe_enabled: true }],
      set_pxe: [{ address: '52:54:00:aa:00:02', pxe_enabled: false }],
      remove: [],
      update: [
        { address: '52:54:00:aa:00:01', changes: { local_link_connection: { switch_id: '88:5a:92:ec:54:59', port_id: 'Ethernet1/18', switch_info: 'leaf-01' }, physical_network: 'provisioning' } },
        { address: '52:54:00:aa:00:02', changes: { local_link_connection: { switch_id: '88:5a:92:ec:54:59', port_id: 'Ethernet1/19' } } },
        { address: '52:54:00:aa:00:02', changes: { extra: { role: 'data' } } },
      ],
    });
    expect(stored[0]).not.toHaveProperty('data');
    expect(stored[0]).toMatchObject({
      pci_devices: expect.any(Array),
      macs: ['52:54:00:aa:00:01'],
      extra: { system: { product: { vendor: 'Dell Inc.' } }, memory: { total: { size: 68719476736 } } },
      parsed_lldp: { eno1: { switch_chassis_id: '88:5a:92:ec:54:59', switch_port_id: 'Ethernet1/18', switch_system_name: 'leaf-01' }, eno2: { switch_port_id: 'Ethernet1/19' } },
    });
  });

  it('gives raid-device the inventory the last inspection stored', async () => {
    const disks = [{ name: '/dev/sda', size: 480 * 1024 ** 3, serial: 'OLD' }];
    const withDisks = callback();
    (withDisks.inventory as Dict).disks = [...disks, { name: '/dev/sdb', size: 960 * 1024 ** 3, serial: 'RAID1' }];
    const { agent, applied } = processing({ inspectionHooks: ['raid-device', 'root-device'] }, { inventory: { disks }, macs: [] });
    await agent.process(uuid, withDisks);
    expect(applied[0].properties).toMatchObject({ root_device: { serial: 'RAID1' }, local_gb: 959 });
  });

  it('logs what the hooks only warn about, with the node', async () => {
    const { agent, warn } = processing({});
    const data = callback();
    delete data.pci_devices;
    await agent.process(uuid, data);
    expect(warn).toHaveBeenCalledWith({ node: uuid }, `No information about PCI devices was received from the ramdisk. Node: ${uuid}`);
  });
});
