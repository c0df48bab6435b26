import { inventorySchema } from '@ferrum/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { collectInventory, defaultRootDisk } from './collect-inventory';

// Checks the collector against the tools an operator would use on the same machine.
describe('collectInventory on this machine', () => {
  let inventory: Awaited<ReturnType<typeof collectInventory>>;

  beforeAll(async () => {
    inventory = await collectInventory({ bootif: '01-52-54-00-12-34-56' });
  });

  it('matches the shared inventory schema', () => {
    expect(inventorySchema.safeParse(inventory).success).toBe(true);
  });

  it('reports MemTotal of /proc/meminfo in bytes and a physical size of at least that', () => {
    const kb = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(inventory.memory.total).toBe(kb * 1024);
    expect(inventory.memory.physical_mb).toBeGreaterThanOrEqual(Math.floor(kb / 1024));
  });

  it('counts the logical CPUs nproc --all counts, with the kernel architecture name and flags', () => {
    expect(inventory.cpu.count).toBe(Number(execFileSync('nproc', ['--all']).toString()));
    expect(inventory.cpu.architecture).toBe(execFileSync('uname', ['-m']).toString().trim());
    if (inventory.cpu.architecture === 'x86_64') expect(inventory.cpu.flags).toEqual(expect.arrayContaining(['fpu']));
    expect(inventory.cpu.frequency === null || /^\d+(\.\d+)?$/.test(inventory.cpu.frequency)).toBe(true);
  });

  it('lists the disks lsblk shows as TYPE disk (non-empty, not zram), with their size and rotational flag', () => {
    const lsblk = JSON.parse(execFileSync('lsblk', ['-J', '-b', '-d', '-o', 'NAME,SIZE,ROTA,TYPE']).toString()) as {
      blockdevices: { name: string; size: number | string; rota: boolean | string; type: string }[];
    };
    const expected = lsblk.blockdevices
      .filter((d) => d.type === 'disk' && Number(d.size) > 0 && !/^(zram|ram|nbd)/.test(d.name))
      .map((d) => ({ name: `/dev/${d.name}`, size: Number(d.size), rotational: d.rota === true || d.rota === '1' }));
    expect(inventory.disks.map((d) => ({ name: d.name, size: d.size, rotational: d.rotational }))).toEqual(expected);
  });

  it('lists every NIC backed by a device with the MAC and carrier ip link reports', () => {
    const links = JSON.parse(execFileSync('ip', ['-j', 'link']).toString()) as { ifname: string; address?: string; flags: string[] }[];
    const physical = links.filter((l) => existsSync(`/sys/class/net/${l.ifname}/device`));
    expect(inventory.interfaces.map((i) => i.name).sort()).toEqual(physical.map((l) => l.ifname).sort());
    for (const link of physical) {
      const nic = inventory.interfaces.find((i) => i.name === link.ifname)!;
      expect(nic.mac_address).toBe(link.address?.toLowerCase() ?? null);
      expect(nic.has_carrier).toBe(link.flags.includes('LOWER_UP'));
    }
  });

  it('reports the boot mode the firmware booted in and BOOTIF as given', () => {
    expect(inventory.boot).toEqual({ current_boot_mode: existsSync('/sys/firmware/efi') ? 'uefi' : 'bios', pxe_interface: '01-52-54-00-12-34-56' });
  });

  it('picks the smallest disk of at least 4 GiB as the default root disk', () => {
    const disks = [
      { name: '/dev/sda', size: 2 * 1024 ** 3, rotational: false },
      { name: '/dev/sdb', size: 500 * 1024 ** 3, rotational: true },
      { name: '/dev/sdc', size: 8 * 1024 ** 3, rotational: false },
    ];
    expect(defaultRootDisk({ disks })?.name).toBe('/dev/sdc');
    expect(defaultRootDisk({ disks: disks.slice(0, 1) })).toBeUndefined();
  });
});
