import { HardwareInspectionFailure } from '@ferrum/errors';
import { capabilitiesOf } from '../bmc/boot-mode';
import type { InspectInterface } from '../interfaces/inspect.interface';
import type { InspectedPort, InspectionResult } from '../interfaces/inspection-result';
import type { ExclusiveTask, SharedTask } from '../task';
import { Json, at } from './redfish-client';
import { REDFISH_PROPERTIES } from './redfish-driver-info';
import type { RedfishSystems } from './redfish-system';
import { text } from '../bmc/text';

/** Ironic's CPU_ARCH_MAP (Redfish ProcessorArchitecture / InstructionSet → cpu_arch). */
const CPU_ARCH: Record<string, string> = { x86: 'x86_64', 'x86-64': 'x86_64', IA64: 'ia64', 'IA-64': 'ia64', ARM: 'arm', 'ARM-A64': 'aarch64', 'ARM-A32': 'arm', MIPS: 'mips', 'MIPS64': 'mips64', PowerISA: 'ppc64le', OEM: 'oem' };
const GiB = 1024 ** 3;
const enabled = (r: unknown) => at(r, 'Status', 'State') === undefined || at(r, 'Status', 'State') === 'Enabled';

/**
 * Ironic's `redfish` inspect interface: reads the ComputerSystem's processors, memory, storage and
 * Ethernet interfaces from the BMC, synchronously, and returns properties and ports for the conductor
 * to save (Ironic's rules: cpus = threads of the enabled CPUs, memory from MemorySummary, local_gb = the
 * smallest disk of at least 4 GiB, in GiB minus one, ports = MACs of the enabled NICs).
 */
export class RedfishInspect implements InspectInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties() {
    return { ...REDFISH_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    this.systems.info(task.node);
  }

  async inspectHardware(task: ExclusiveTask): Promise<InspectionResult> {
    const { info, system } = await this.systems.get(task.node);
    const [processors, memory, simpleStorage, storage, nics] = await Promise.all([
      this.systems.members(info, system.Processors),
      this.systems.members(info, system.Memory),
      this.systems.members(info, system.SimpleStorage),
      this.systems.members(info, system.Storage),
      this.systems.members(info, system.EthernetInterfaces),
    ]);
    const properties: Record<string, unknown> = {};

    const cpus = processors.filter((p) => (p.ProcessorType ?? 'CPU') === 'CPU' && enabled(p));
    const threads = cpus.reduce((sum, p) => sum + Number(p.TotalThreads ?? p.TotalCores ?? 0), 0);
    if (threads > 0) properties.cpus = threads;
    else if (at(system, 'ProcessorSummary', 'LogicalProcessorCount')) properties.cpus = Number(at(system, 'ProcessorSummary', 'LogicalProcessorCount'));
    const archOf = (p: Json) => CPU_ARCH[String(p.ProcessorArchitecture)] ?? CPU_ARCH[String(p.InstructionSet)];
    const arch = cpus.map(archOf).find(Boolean);
    if (arch) properties.cpu_arch = arch;

    const summaryGiB = Number(at(system, 'MemorySummary', 'TotalSystemMemoryGiB') ?? 0);
    const dimmMiB = memory.filter(enabled).reduce((sum, m) => sum + Number(m.CapacityMiB ?? 0), 0);
    if (summaryGiB > 0) properties.memory_mb = Math.round(summaryGiB * 1024);
    else if (dimmMiB > 0) properties.memory_mb = dimmMiB;

    const disks = [
      ...simpleStorage.flatMap((s) => ((s.Devices as Json[] | undefined) ?? []).filter(enabled).map((d) => ({ name: text(d.Name ?? ''), size: Number(d.CapacityBytes ?? 0) }))),
      ...(await this.drives(info, storage)),
    ];
    const sizes = disks.map((d) => d.size).filter((b) => b >= 4 * GiB);
    if (sizes.length) properties.local_gb = Math.max(0, Math.floor(Math.min(...sizes) / GiB - 1));

    // As Ironic: the boot mode the BMC reports becomes the boot_mode capability, unless the node already has one.
    const mode = at(system, 'Boot', 'BootSourceOverrideMode');
    const capabilities = capabilitiesOf(task.node);
    if ((mode === 'UEFI' || mode === 'Legacy') && !capabilities.boot_mode) {
      const merged = { ...capabilities, boot_mode: mode === 'UEFI' ? 'uefi' : 'bios' };
      properties.capabilities = Object.entries(merged).map(([k, v]) => `${k}:${v}`).join(',');
    }

    const missing = ['cpus', 'memory_mb', 'local_gb', 'cpu_arch'].filter((k) => properties[k] === undefined);
    if (missing.length === 4) {
      throw new HardwareInspectionFailure({ error: `the BMC at ${info.origin} reported none of ${missing.join(', ')} for node ${task.node.uuid}` });
    }
    const seen = new Set<string>();
    const ports: InspectedPort[] = [];
    const interfaces: { name: string; mac_address: string }[] = [];
    for (const nic of nics.filter(enabled)) {
      const mac = text(nic.MACAddress ?? nic.PermanentMACAddress ?? '').toLowerCase();
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) || seen.has(mac)) continue;
      seen.add(mac);
      ports.push({ address: mac });
      interfaces.push({ name: text(nic.Id ?? '') || `nic${interfaces.length}`, mac_address: mac });
    }
    const inventory: Record<string, unknown> = {
      ...(properties.memory_mb !== undefined ? { memory: { physical_mb: properties.memory_mb } } : {}),
      // Ironic defaults count and architecture so that hooks and rules written for the agent's data work.
      cpu: { count: properties.cpus ?? 0, architecture: properties.cpu_arch ?? '', ...(cpus[0]?.Model ? { model_name: text(cpus[0].Model) } : {}) },
      disks,
      interfaces,
      system_vendor: Object.fromEntries(
        [
          ['product_name', system.Model],
          ['serial_number', system.SerialNumber],
          ['manufacturer', system.Manufacturer],
          ['system_uuid', system.UUID],
        ].filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, text(v)]),
      ),
      ...(mode === 'UEFI' || mode === 'Legacy' ? { boot: { current_boot_mode: mode === 'UEFI' ? 'uefi' : 'bios' } } : {}),
    };
    return { properties, ports, inventory };
  }

  /** Drives of the Storage collections (the newer schema; the mockup has SimpleStorage only). */
  private async drives(info: ReturnType<RedfishSystems['info']>, storage: Json[]): Promise<{ name: string; size: number }[]> {
    const drives = await Promise.all(storage.flatMap((s) => ((s.Drives as Json[] | undefined) ?? []).map((d) => this.systems.client.get(info, String(d['@odata.id'])))));
    return drives.filter(enabled).map((d) => ({ name: text(d.Name ?? ''), size: Number(d.CapacityBytes ?? 0) }));
  }
}
