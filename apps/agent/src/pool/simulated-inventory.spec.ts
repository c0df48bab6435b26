import { inventorySchema } from '@ferrum/contracts';
import { agentParams, crashMatches } from './agent-pool';
import type { LabHardware } from '@ferrum/contracts';
import { simulatedInventory } from './simulated-inventory';

const GIB = 1024 ** 3;
const hardware: LabHardware = {
  cpus: 16,
  cpuModel: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
  memoryMiB: 65536,
  nics: [
    { name: 'eno1', mac: '52:54:00:AB:00:01' },
    { name: 'eno2', mac: '52-54-00-ab-00-02' },
  ],
  disks: [
    { name: 'sda', sizeGiB: 480, rotational: false, model: 'SAMSUNG MZ7LH480', serial: 'S45NNE0M123456' },
    { name: 'sdb', sizeGiB: 4000, rotational: true },
  ],
  vendor: { manufacturer: 'Dell Inc.', productName: 'PowerEdge R650', serialNumber: 'ABC1234' },
  bootMode: 'bios',
};

describe('simulatedInventory (LabHardware → the inventory the agent reports)', () => {
  it('reports the hardware in IPA’s fields, valid for the shared schema', () => {
    const inventory = simulatedInventory('rack1-node01', hardware);
    expect(inventorySchema.safeParse(inventory).success).toBe(true);
    expect(inventory.cpu).toMatchObject({ count: 16, architecture: 'x86_64', model_name: hardware.cpuModel });
    expect(inventory.cpu.flags).toEqual(expect.arrayContaining(['vmx', 'lm']));
    expect(inventory.memory.physical_mb).toBe(65536);
    expect(inventory.memory.total).toBeLessThan(65536 * 1024 * 1024);
    expect(inventory.disks.map((d) => [d.name, d.size, d.rotational])).toEqual([
      ['/dev/sda', 480 * GIB, false],
      ['/dev/sdb', 4000 * GIB, true],
    ]);
    expect(inventory.disks[0]).toMatchObject({ model: 'SAMSUNG MZ7LH480', serial: 'S45NNE0M123456' });
    expect(inventory.system_vendor).toMatchObject({ manufacturer: 'Dell Inc.', product_name: 'PowerEdge R650', serial_number: 'ABC1234' });
    expect(inventory.boot).toEqual({ current_boot_mode: 'bios', pxe_interface: '01-52-54-00-ab-00-01' });
    expect(inventory.bmc_address).toBe('0.0.0.0');
  });

  it('gives every NIC its MAC in lower-case colon form and a TEST-NET-2 address, never loopback', () => {
    const { interfaces } = simulatedInventory('rack1-node01', hardware);
    expect(interfaces.map((i) => [i.name, i.mac_address])).toEqual([
      ['eno1', '52:54:00:ab:00:01'],
      ['eno2', '52:54:00:ab:00:02'],
    ]);
    for (const nic of interfaces) expect(nic.ipv4_address).toMatch(/^198\.51\.100\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
    expect(interfaces.every((i) => i.has_carrier)).toBe(true);
  });

  it('derives the serials and WWNs not given from the machine id: the same on every boot, different between machines', () => {
    const bare: LabHardware = { cpus: 2, memoryMiB: 4096, nics: [{ name: 'eth0', mac: '52:54:00:00:00:09' }], disks: [{ name: 'vda', sizeGiB: 20 }] };
    const a = simulatedInventory('m-a', bare);
    const again = simulatedInventory('m-a', bare);
    const b = simulatedInventory('m-b', bare);
    expect(again).toEqual(a);
    expect(a.system_vendor.serial_number).toMatch(/^SIM[0-9A-F]{12}$/);
    expect(b.system_vendor.serial_number).not.toBe(a.system_vendor.serial_number);
    expect(a.disks[0].wwn).toMatch(/^0x5[0-9a-f]{15}$/);
    expect(b.disks[0].wwn).not.toBe(a.disks[0].wwn);
    expect(b.disks[0].serial).not.toBe(a.disks[0].serial);
    expect(a.boot.current_boot_mode).toBe('uefi');
    expect(a.cpu.architecture).toBe('x86_64');
  });

  it('takes BOOTIF from the kernel command line when there is one, and the BMC address when given', () => {
    const inventory = simulatedInventory('m', { ...hardware, bmcAddress: '192.0.2.10' }, { bootif: '01-52-54-00-ab-00-02' });
    expect(inventory.boot.pxe_interface).toBe('01-52-54-00-ab-00-02');
    expect(inventory.bmc_address).toBe('192.0.2.10');
  });
});

describe('agentParams (a boot’s kernel command line as the agent reads it)', () => {
  it('parses IPA’s parameters and sends images to the machine’s disk file, never to a disk of this host', () => {
    const params = agentParams({
      cmdline: 'ipa-api-url=http://127.0.0.1:6385 ipa-lookup-interval=2 ipa-listen-host=127.0.0.1 ipa-listen-port=0 ferrum-target-device=/dev/sda ferrum-sim-interfaces=eth0=52:54:00:00:00:01',
      disk: '/tmp/lab/m1.img',
      hardware,
    });
    expect(params).toMatchObject({ 'ipa-api-url': ['http://127.0.0.1:6385'], 'ipa-lookup-interval': 2, 'ipa-listen-host': '127.0.0.1', 'ipa-listen-port': 0 });
    expect(params['ferrum-target-device']).toBe('/tmp/lab/m1.img');
    expect(params['ferrum-sim-interfaces']).toBeUndefined();
    expect(params['ferrum-sim-disks']).toBe('sda=480,sdb=4000');
    // Not /proc/cmdline: the agent never runs reboot or poweroff on this host.
    expect(params.source).not.toBe('proc');
  });

  it('rejects a parameter the agent would reject', () => {
    expect(() => agentParams({ cmdline: 'ipa-listen-port=99999', disk: 'discard', hardware })).toThrow(/^invalid kernel parameter ipa-listen-port: /);
  });
});

describe('crashMatches (which command crashes the agent)', () => {
  it('matches a command by name, or a step command by extension and step', () => {
    expect(crashMatches('standby.prepare_image', 'standby.prepare_image', {})).toBe(true);
    expect(crashMatches('standby.prepare_image', 'standby.power_off', {})).toBe(false);
    expect(crashMatches('deploy.write_image', 'deploy.execute_deploy_step', { step: { step: 'write_image' } })).toBe(true);
    expect(crashMatches('deploy.write_image', 'deploy.execute_deploy_step', { step: { step: 'erase_devices_metadata' } })).toBe(false);
    expect(crashMatches('clean.erase_devices_metadata', 'clean.execute_clean_step', { step: { step: 'erase_devices_metadata' } })).toBe(true);
    expect(crashMatches('deploy.write_image', 'clean.execute_clean_step', { step: { step: 'write_image' } })).toBe(false);
  });
});
