import { type Inventory, type InventoryDisk, normalizeMac, inventorySchema } from '@ferrum/contracts';
import { createHash } from 'node:crypto';
import type { LabHardware } from '@ferrum/contracts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** What lscpu shows on a current server, so that inspection finds virtualisation, huge pages and AES as on real ones. */
const CPU_FLAGS: Record<string, string[]> = {
  x86_64: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc pni pclmulqdq vmx ssse3 fma cx16 sse4_1 sse4_2 x2apic popcnt aes xsave avx f16c rdrand avx2 smep bmi2 erms'.split(' '),
  aarch64: 'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid'.split(' '),
};

/** A stable hex digest of `parts`: simulated serials and WWNs stay the same from boot to boot. */
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/**
 * The inventory a real agent would report for this hardware (IPA's field names, as collectInventory builds
 * them). Every NIC has a documentation address (TEST-NET-2), never loopback: Ironic's and the inspector's hooks
 * make no port for a loopback NIC. Serials and WWNs not given are derived from the machine id, so each machine
 * is told apart by them (lookup by serial, root device hints) and keeps them across boots.
 */
export function simulatedInventory(machine: string, hardware: LabHardware, options: { bootif?: string | null } = {}): Inventory {
  const architecture = hardware.architecture ?? 'x86_64';
  const interfaces = hardware.nics.map((nic) => {
    const mac = normalizeMac(nic.mac);
    // The NIC's last MAC byte picks the host part, so that the machines of a lab do not all share one address.
    const host = mac ? (Number.parseInt(mac.slice(-2), 16) % 254) + 1 : 1;
    return {
      name: nic.name,
      mac_address: mac,
      ipv4_address: `198.51.100.${host}`,
      ipv6_address: null,
      has_carrier: true,
      lldp: null,
      vendor: '0x1af4',
      product: '0x1041',
      client_id: null,
      biosdevname: null,
      speed_mbps: 10000,
      pci_address: null,
      driver: 'virtio_net',
    };
  });
  const firstMac = interfaces.find((i) => i.mac_address)?.mac_address;
  // A machine that was not told which NIC it booted from booted from its first one, as a PXE boot would.
  const bootif = options.bootif ?? (firstMac ? `01-${firstMac.replace(/:/g, '-')}` : null);
  return inventorySchema.parse({
    interfaces,
    cpu: {
      model_name: hardware.cpuModel ?? 'Ferrum Simulated CPU',
      frequency: '2400.0000',
      count: hardware.cpus,
      architecture,
      flags: CPU_FLAGS[architecture] ?? [],
      socket_count: 1,
    },
    memory: {
      // MemTotal is what the kernel can use: a little less than what is installed.
      total: hardware.memoryMiB * MIB - Math.min(hardware.memoryMiB * MIB, 256 * MIB) / 2,
      physical_mb: hardware.memoryMiB,
    },
    disks: hardware.disks.map((disk, i) => simulatedDisk(machine, disk, i)),
    bmc_address: hardware.bmcAddress ?? '0.0.0.0',
    bmc_v6address: '::/0',
    bmc_mac: null,
    system_vendor: {
      product_name: hardware.vendor?.productName ?? 'Ferrum Simulated Machine',
      serial_number: hardware.vendor?.serialNumber ?? `SIM${digest(machine).slice(0, 12).toUpperCase()}`,
      manufacturer: hardware.vendor?.manufacturer ?? 'Ferrum',
      firmware: { vendor: 'Ferrum', version: '1.0.0', build_date: '01/01/2026' },
    },
    boot: { current_boot_mode: hardware.bootMode ?? 'uefi', pxe_interface: bootif },
    hostname: machine,
  });
}

function simulatedDisk(machine: string, disk: LabHardware['disks'][number], index: number): InventoryDisk {
  const name = disk.name.replace(/^\/dev\//, '');
  const nvme = name.startsWith('nvme');
  const wwn = `0x5${digest(machine, name).slice(0, 15)}`;
  return {
    name: `/dev/${name}`,
    model: disk.model ?? (nvme ? 'Ferrum NVMe SSD' : disk.rotational ? 'Ferrum HDD' : 'Ferrum SSD'),
    size: Math.round(disk.sizeGiB * GIB),
    rotational: disk.rotational ?? false,
    wwn,
    serial: disk.serial ?? `S${digest(machine, name, 'serial').slice(0, 14).toUpperCase()}`,
    vendor: nvme ? null : 'FERRUM',
    wwn_with_extension: wwn,
    wwn_vendor_extension: null,
    hctl: nvme ? null : `${index}:0:0:0`,
    by_path: nvme ? `/dev/disk/by-path/pci-0000:0${index + 1}:00.0-nvme-1` : `/dev/disk/by-path/pci-0000:00:1f.2-ata-${index + 1}`,
    logical_sectors: 512,
    physical_sectors: disk.rotational ? 4096 : 512,
    tran: nvme ? 'nvme' : 'sata',
  };
}
