import type { Dict, Inventory } from '@ferrum/contracts';

const GIB = 1024 ** 3;

/**
 * Node properties an inventory gives (what inspection's default hooks set): cpus, cpu_arch, memory_mb,
 * local_gb (smallest disk of at least 4 GiB, less one GiB for partitioning, as Ironic does), plus the system
 * serial and product so a later lookup by serial finds the node.
 */
export function propertiesFromInventory(inventory: Inventory): Dict {
  const root = [...inventory.disks].filter((d) => d.size >= 4 * GIB).sort((a, b) => a.size - b.size)[0];
  const props: Dict = {
    cpus: inventory.cpu.count,
    cpu_arch: inventory.cpu.architecture,
    memory_mb: inventory.memory.physical_mb ?? Math.round(inventory.memory.total / 1024 / 1024),
    local_gb: root ? Math.max(0, Math.floor(root.size / GIB) - 1) : 0,
  };
  if (inventory.system_vendor.serial_number) props.serial_number = inventory.system_vendor.serial_number;
  if (inventory.system_vendor.product_name) props.product_name = inventory.system_vendor.product_name;
  if (inventory.boot.current_boot_mode) props.capabilities = `boot_mode:${inventory.boot.current_boot_mode}`;
  return props;
}
