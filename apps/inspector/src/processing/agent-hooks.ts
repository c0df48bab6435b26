import type { Dict, InspectionChanges, InventoryDisk, NodeRecord, PortRecord } from '@ferrum/contracts';
import { normalizeMac, pyRepr } from '@ferrum/contracts';
import type { ConfigOf, inspectorOptions } from '@ferrum/config';
import { acceleratorsOf } from './hooks/accelerators.hook';
import { convertExtraHardware } from './hooks/extra-hardware.hook';
import type { KnownAccelerator } from './hooks/known-accelerators';
import { planLocalLinkConnections, type LinkPort } from './hooks/local-link-connection.hook';
import { parseLldp } from './hooks/parse-lldp.hook';
import { pciDeviceCapabilities, type PciAlias } from './hooks/pci-devices.hook';
import { planPhysicalNetworks, type NetworkPort } from './hooks/physical-network.hook';
import { CPU_FLAGS } from './hooks/property-hooks';
import { parseCapabilities } from './hooks/property-patch';
import { raidRootDevice } from './hooks/raid-device.hook';
import { selectRootDisk } from './hooks/root-device-hints';

type InspectionHook = ConfigOf<typeof inspectorOptions>['inspectionHooks'][number];

const GIB = 1024 ** 3;

/**
 * A hook refused the data. `message` is Ironic's exception text (HardwareInspectionFailure or
 * InvalidNodeInventory), which the node's last_error then carries inside Ironic's own wording.
 */
export class HookFailed extends Error {}

export interface AgentHookOptions {
  hooks: readonly InspectionHook[];
  addPorts: 'all' | 'active' | 'pxe' | 'disabled';
  keepPorts: 'all' | 'present' | 'added';
  /** [inspector]pci_device_alias, for pci-devices. */
  pciDeviceAlias?: readonly PciAlias[];
  /** [inspector]physical_network_cidr_map, for physical-network ("<cidr>:<physnet>", checked at load). */
  physicalNetworkCidrMap?: readonly string[];
  /** [inspector]known_accelerators as loaded, for accelerators. */
  knownAccelerators?: readonly KnownAccelerator[];
  /** [inspector]extra_hardware_strict, for extra-hardware. */
  extraHardwareStrict?: boolean;
  /** The node's inventory stored by its last inspection, for raid-device (none: its first run). */
  previousInventory?: Dict;
  /** Where the hooks' log-only findings go (Ironic logs them as warnings). */
  warn?: (message: string) => void;
}

export interface AgentHookResult {
  /** The node's whole new properties when a hook changed them. */
  properties?: Dict;
  ports?: NonNullable<InspectionChanges['ports']>;
  /** The plugin data after the hooks (all_interfaces, valid_interfaces, macs, root_disk, local_gb…). */
  plugin_data: Dict;
}

/**
 * Ironic's inspection hooks for the `agent` inspect interface ([inspector]hooks), run in the configured
 * order on the inventory and plugin data (everything else the agent sent). Unlike ironic-inspector's, they
 * set what they find even over an operator's value, and write numbers as numbers — as Ironic does.
 * Pure: the caller saves the result under the node's lock.
 * @throws HookFailed with Ironic's message
 */
export function runAgentHooks(node: Pick<NodeRecord, 'uuid' | 'properties'>, ports: PortRecord[], inventory: Dict, pluginData: Dict, o: AgentHookOptions): AgentHookResult {
  const data: Dict = structuredClone(pluginData);
  const properties: Dict = { ...node.properties };
  let changedProperties = false;
  const set = (key: string, value: unknown) => {
    if (properties[key] === value) return;
    properties[key] = value as Dict[string];
    changedProperties = true;
  };
  const setCapabilities = (add: Record<string, string>) => {
    const caps = parseCapabilities(properties.capabilities);
    const merged = { ...caps, ...add };
    set('capabilities', Object.entries(merged).map(([k, v]) => `${k}:${v}`).join(','));
  };
  const invalid = (reason: string) => new HookFailed(`Inventory for node ${node.uuid} is invalid: ${reason}`);
  const cpu = (inventory.cpu ?? {}) as Dict;
  let plannedPorts: AgentHookResult['ports'];
  const warn = (message: string) => o.warn?.(`${message} Node: ${node.uuid}`);

  // Pre-processing first, in list order (Ironic runs every hook's preprocess before any hook's main step).
  for (const hook of o.hooks) {
    if (hook === 'ramdisk-error' && data.error) {
      const error = typeof data.error === 'string' ? data.error : JSON.stringify(data.error);
      throw new HookFailed(`Failed to inspect hardware. Reason: Ramdisk reported error: ${error}`);
    }
    if (hook === 'validate-interfaces') {
      const pxeMac = normalizeMac((inventory.boot as Dict | undefined)?.pxe_interface as string | undefined);
      const all = allInterfaces(inventory, pxeMac, invalid);
      const valid = validInterfaces(all, pxeMac, o.addPorts, invalid);
      data.all_interfaces = all;
      data.valid_interfaces = valid;
      data.macs = Object.values(valid).map((i) => i.mac_address as string);
    }
  }
  for (const hook of o.hooks) {
    switch (hook) {
      case 'ports':
        plannedPorts = planAgentPorts(ports, data, o);
        break;
      case 'architecture': {
        const arch = cpu.architecture;
        if (typeof arch !== 'string' || !arch) {
          throw invalid(`Inventory has malformed or missing CPU architecture information: ${pyRepr(inventory.cpu)} for node ${node.uuid}.`);
        }
        set('cpu_arch', arch);
        break;
      }
      case 'memory': {
        const mb = (inventory.memory as Dict | undefined)?.physical_mb;
        if (typeof mb !== 'number') throw invalid(`Inventory has missing memory information: ${pyRepr(inventory.memory)} for node ${node.uuid}.`);
        set('memory_mb', mb);
        break;
      }
      case 'cpus': {
        const count = Number(cpu.count ?? 0);
        if (Number.isInteger(count) && count > 0) set('cpus', count);
        break;
      }
      case 'root-device': {
        // The hints as an earlier hook (raid-device) may have just set them, as Ironic's shared task.node has them.
        const disk = rootDisk({ uuid: node.uuid, properties }, inventory, data);
        // [inspector]disk_partitioning_spacing (default on): 1 GiB is left for the partition table.
        const gb = disk ? Math.floor(disk.size / GIB) : 0;
        const localGb = gb > 0 ? gb - 1 : 0;
        data.local_gb = localGb;
        set('local_gb', localGb);
        break;
      }
      case 'cpu-capabilities': {
        const flags = new Set(Array.isArray(cpu.flags) ? (cpu.flags as string[]) : []);
        const caps = Object.fromEntries(Object.entries(CPU_FLAGS).filter(([flag]) => flags.has(flag)).map(([, name]) => [name, 'true']));
        if (flags.size) setCapabilities(caps);
        break;
      }
      case 'boot-mode': {
        const mode = (inventory.boot as Dict | undefined)?.current_boot_mode;
        if (typeof mode === 'string' && mode) setCapabilities({ boot_mode: mode });
        break;
      }
      case 'pci-devices': {
        const caps = pciDeviceCapabilities(data, o.pciDeviceAlias ?? [], warn);
        if (caps) setCapabilities(caps);
        break;
      }
      case 'local-link-connection': {
        const updates = planLocalLinkConnections(inventory, data, portsAfter(ports, plannedPorts), warn);
        if (updates.length) plannedPorts = withUpdates(plannedPorts, updates);
        break;
      }
      case 'physical-network': {
        const updates = planPhysicalNetworks(inventory, data, portsAfter(ports, plannedPorts), o.physicalNetworkCidrMap ?? []);
        if (updates.length) plannedPorts = withUpdates(plannedPorts, updates);
        break;
      }
      case 'raid-device': {
        const hint = raidRootDevice(properties, inventory, o.previousInventory, warn);
        if (hint) set('root_device', hint);
        break;
      }
      case 'accelerators': {
        const found = acceleratorsOf(data, o.knownAccelerators ?? [], warn);
        if (found) set('accelerators', found);
        break;
      }
      case 'extra-hardware':
        convertExtraHardware(data, o.extraHardwareStrict ?? false, warn);
        break;
      case 'parse-lldp':
        parseLldp(inventory, data, warn);
        break;
      case 'ramdisk-error':
      case 'validate-interfaces':
        // Pre-processing only: done above.
        break;
    }
  }
  return { ...(changedProperties ? { properties } : {}), ...(plannedPorts ? { ports: plannedPorts } : {}), plugin_data: data };
}

/**
 * The node's ports as a later hook sees them in Ironic, where the ports hook has already written: existing
 * ones less those it removes, plus those it adds (with an empty local_link_connection).
 */
function portsAfter(existing: PortRecord[], plan: AgentHookResult['ports']): (LinkPort & NetworkPort)[] {
  const removed = new Set((plan?.remove ?? []).map((a) => a.toLowerCase()));
  const kept = existing.filter((p) => !removed.has(p.address.toLowerCase()));
  const known = new Set(kept.map((p) => p.address.toLowerCase()));
  const updated = new Map((plan?.update ?? []).map((u) => [u.address.toLowerCase(), u.changes]));
  const merged = kept.map((p) => ({ ...p, ...(updated.get(p.address.toLowerCase()) ?? {}) }));
  const added = (plan?.add ?? []).filter((p) => !known.has(p.address.toLowerCase())).map((p) => ({ address: p.address, ...(updated.get(p.address.toLowerCase()) ?? {}) }));
  return [...merged, ...added];
}

/** Adds a hook's port field changes to the plan, merged with an earlier hook's for the same port. */
function withUpdates(plan: AgentHookResult['ports'], updates: { address: string; changes: Dict }[]): NonNullable<AgentHookResult['ports']> {
  const next = { ...plan, update: [...(plan?.update ?? [])] };
  for (const u of updates) {
    const same = next.update.find((x) => x.address.toLowerCase() === u.address.toLowerCase());
    if (same) Object.assign(same.changes, u.changes);
    else next.update.push({ address: u.address, changes: { ...u.changes } });
  }
  return next;
}

/** Ironic's get_interfaces: every named NIC with a valid MAC, with `pxe_enabled` for the boot NIC. */
function allInterfaces(inventory: Dict, pxeMac: string | null, invalid: (reason: string) => HookFailed): Record<string, Dict> {
  if (!Array.isArray(inventory.interfaces)) throw invalid('no interfaces present in inventory');
  const result: Record<string, Dict> = {};
  for (const iface of inventory.interfaces as Dict[]) {
    if (!iface || typeof iface !== 'object' || typeof iface.name !== 'string' || !iface.name) continue;
    const mac = normalizeMac(typeof iface.mac_address === 'string' ? iface.mac_address : null);
    if (!mac) continue;
    const v6 = typeof iface.ipv6_address === 'string' ? iface.ipv6_address.split('%')[0] : (iface.ipv6_address ?? null);
    result[iface.name] = { ...iface, mac_address: mac, pxe_enabled: mac === pxeMac, ipv6_address: v6 };
  }
  return result;
}

/** Ironic's validate_interfaces: drops loopback, then keeps what `add_ports` selects. */
function validInterfaces(all: Record<string, Dict>, pxeMac: string | null, addPorts: AgentHookOptions['addPorts'], invalid: (reason: string) => HookFailed): Record<string, Dict> {
  if (!Object.keys(all).length) throw invalid('no valid network interfaces');
  const result: Record<string, Dict> = {};
  for (const [name, iface] of Object.entries(all)) {
    const ip = (iface.ipv4_address || iface.ipv6_address || null) as string | null;
    if (name === 'lo' || (ip && (ip.startsWith('127.') || ip === '::1'))) continue;
    if (addPorts === 'pxe' && pxeMac && !iface.pxe_enabled) continue;
    if (addPorts === 'active' && !ip) continue;
    result[name] = { ...iface };
  }
  if (!Object.keys(result).length) throw invalid(`no network interfaces match the configuration (add_ports set to "${addPorts}")`);
  return result;
}

/** Ironic's ports hook: a port per valid NIC, pxe_enabled kept in step with the boot NIC, keep_ports applied. */
function planAgentPorts(existing: PortRecord[], data: Dict, o: AgentHookOptions): NonNullable<InspectionChanges['ports']> {
  const all = Object.values((data.all_interfaces ?? {}) as Record<string, Dict>);
  const valid = Object.values((data.valid_interfaces ?? {}) as Record<string, Dict>);
  const plan: NonNullable<InspectionChanges['ports']> = { add: [], set_pxe: [], remove: [] };
  if (o.addPorts !== 'disabled') {
    for (const iface of valid) {
      plan.add!.push({ address: iface.mac_address as string, pxe_enabled: iface.pxe_enabled as boolean, ...(iface.client_id ? { extra: { 'client-id': iface.client_id } } : {}) });
    }
  }
  const expected = o.keepPorts === 'present' ? new Set(all.map((i) => i.mac_address)) : o.keepPorts === 'added' ? new Set(data.macs as string[]) : undefined;
  const pxeMacs = new Set(all.filter((i) => i.pxe_enabled).map((i) => i.mac_address));
  for (const port of existing) {
    const address = port.address.toLowerCase();
    if (expected?.size && !expected.has(address)) {
      plan.remove!.push(port.address);
      continue;
    }
    // [inspector]update_pxe_enabled (default on).
    const pxe = pxeMacs.has(address);
    if (pxe !== port.pxe_enabled) plan.set_pxe!.push({ address: port.address, pxe_enabled: pxe });
  }
  return plan;
}

/** Ironic's root-device hook: the disk the hints pick (else the agent's `root_disk`); no disk is a diskless node. */
function rootDisk(node: Pick<NodeRecord, 'uuid' | 'properties'>, inventory: Dict, data: Dict): { size: number } | undefined {
  const hints = node.properties.root_device;
  if (hints && typeof hints === 'object' && !Array.isArray(hints) && Object.keys(hints).length) {
    const disks = (Array.isArray(inventory.disks) ? inventory.disks : []) as InventoryDisk[];
    try {
      data.root_disk = { ...selectRootDisk(hints, disks) } as Dict;
    } catch {
      throw new HookFailed(`Failed to inspect hardware. Reason: No disks satisfied root device hints for node ${node.uuid}`);
    }
  }
  const disk = data.root_disk as { size?: unknown } | undefined;
  return disk && typeof disk.size === 'number' ? { size: disk.size } : undefined;
}
