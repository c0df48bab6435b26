import type { Dict, NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { capabilitiesOf } from '../bmc/boot-mode';
import { text } from '../bmc/text';
import { otherInterface } from '../interfaces/interface-map';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import type { BootDevice } from '../interfaces/management.interface';
import type { BootInterface } from '../interfaces/optional.interfaces';
import type { ExclusiveTask, SharedTask } from '../task';
import { ipxeRamdiskScript } from './ipxe-script';

/** Ironic's driver_info descriptions of the (i)PXE boot interfaces (wire data: Ironic's exact texts). */
export const PXE_REQUIRED_PROPERTIES: PropertyDescriptions = {
  deploy_kernel: 'UUID (from Glance) of the deployment kernel. Required.',
  deploy_ramdisk: 'UUID (from Glance) of the ramdisk that is mounted at boot time. Required.',
};

export const FORCE_PERSISTENT_BOOT_DEVICE_PROPERTY: PropertyDescriptions = {
  force_persistent_boot_device:
    "Controls the persistency of boot order changes. 'Always' will make all changes persistent, 'Default' will make all but the final one upon instance deployment non-persistent, and 'Never' will make no persistent changes at all. The old values 'True' and 'False' are still supported but deprecated in favor of the new ones.Defaults to 'Default'. Optional.",
};

export const RESCUE_PROPERTIES: PropertyDescriptions = {
  rescue_kernel: 'UUID (from Glance) of the rescue kernel. This value is required for rescue mode.',
  rescue_ramdisk: 'UUID (from Glance) of the rescue ramdisk with agent that is used at node rescue time. This value is required for rescue mode.',
};

/** Ironic's KERNEL_APPEND_PARAMS_DESCRIPTION for the `[pxe]` option group. */
export const KERNEL_APPEND_PARAMS_PROPERTY: PropertyDescriptions = {
  kernel_append_params:
    'Additional kernel parameters to pass down to instance kernel. These parameters can be consumed by the kernel or by the applications by reading /proc/cmdline. Mind severe cmdline size limit. When used with virtual media, only applies to ISO images that Ironic builds, but not to pre-built ISOs provided via e.g. deploy_iso. Overrides the [pxe]/kernel_append_params configuration option, use %default% to insert its value.',
};

const PXE_PROPERTIES: PropertyDescriptions = { ...PXE_REQUIRED_PROPERTIES, ...FORCE_PERSISTENT_BOOT_DEVICE_PROPERTY, ...RESCUE_PROPERTIES, ...KERNEL_APPEND_PARAMS_PROPERTY };

/** Capabilities whose values Ironic checks (deploy_utils.SUPPORTED_CAPABILITIES), in its order. */
const SUPPORTED_CAPABILITIES: [string, string[]][] = [
  ['boot_mode', ['bios', 'uefi']],
  ['secure_boot', ['true', 'false']],
  ['disk_label', ['msdos', 'gpt']],
];

const RESCUE_LIKE_STATES = ['rescuing', 'rescue wait', 'rescue failed', 'unrescuing', 'unrescue failed'];

/** instance_info.capabilities: a dict or a JSON-encoded one (what Nova sends). */
export function instanceCapabilities(node: Pick<NodeRecord, 'uuid' | 'instance_info'>): Dict {
  let caps: unknown = node.instance_info.capabilities ?? {};
  const fail = () => {
    throw new InvalidParameterValue({ message: `Error parsing capabilities from Node ${node.uuid} instance_info field. A dictionary or a "jsonified" dictionary is expected.` });
  };
  if (typeof caps === 'string') {
    try {
      caps = JSON.parse(caps);
    } catch {
      fail();
    }
  }
  if (!caps || typeof caps !== 'object' || Array.isArray(caps)) fail();
  return caps as Dict;
}

/** Ironic's deploy_utils.validate_capabilities: boot_mode, secure_boot and disk_label must have known values. */
export function validateCapabilities(node: Pick<NodeRecord, 'uuid' | 'properties' | 'instance_info'>): void {
  const fromProperties = capabilitiesOf(node);
  for (const [name, valid] of SUPPORTED_CAPABILITIES) {
    const checks: [string, unknown][] = [
      ['properties/capabilities', fromProperties[name]],
      ["instance_info['capabilities']", instanceCapabilities(node)[name]],
    ];
    for (const [field, value] of checks) {
      if (value && !valid.includes(value as string)) {
        throw new InvalidParameterValue({
          message: `The parameter '${name}' from ${field} has an invalid value: '${text(value)}'. Acceptable values are: ${valid.join(', ')}.`,
        });
      }
    }
  }
}

/** Ironic's deploy_utils.rescue_or_deploy_mode. */
export function rescueOrDeployMode(node: Pick<NodeRecord, 'provision_state'>): 'rescue' | 'deploy' {
  return RESCUE_LIKE_STATES.includes(node.provision_state) ? 'rescue' : 'deploy';
}

/**
 * Ironic's pxe_utils.parse_driver_info: the kernel and ramdisk of the agent for a deploy (or a rescue).
 * Ironic falls back to `[conductor]deploy_kernel/deploy_ramdisk` when driver_info has neither; Ferrum has
 * no such setting yet, so both must be in driver_info.
 */
export function kernelAndRamdisk(node: Pick<NodeRecord, 'driver_info'>, mode: 'deploy' | 'rescue'): { kernel: string; ramdisk: string } {
  const labels = [`${mode}_kernel`, `${mode}_ramdisk`];
  const missing = labels.filter((k) => !node.driver_info[k]);
  if (missing.length) {
    throw new MissingParameterValue({
      message: `Cannot validate PXE bootloader. Some parameters were missing in node's driver_info and configuration. Missing are: [${missing.map((m) => `'${m}'`).join(', ')}]`,
    });
  }
  return { kernel: text(node.driver_info[labels[0]]), ramdisk: text(node.driver_info[labels[1]]) };
}

/**
 * Ironic's pxe_utils kernel_append_params for a ramdisk: the node's own (instance_info, then driver_info) or the
 * configured default; `%default%` in the node's stands for the configured default.
 */
export function kernelAppendParams(node: Pick<NodeRecord, 'instance_info' | 'driver_info'>, configured: string): string {
  const own = node.instance_info.kernel_append_params ?? node.driver_info.kernel_append_params;
  if (own === undefined || own === null || own === '') return configured;
  return text(own).replace(/%default%/g, configured);
}

/** What iPXE can fetch by itself: Ferrum keeps no image cache, so the kernel and ramdisk must be URLs. */
function fetchableUrl(label: string, value: string): string {
  if (/^(https?|tftp):\/\/\S+$/i.test(value)) return value;
  throw new InvalidParameterValue({
    message: `Ferrum's iPXE boot has the machine fetch the ramdisk itself: driver_info/${label} must be an http, https or tftp URL, not '${value}'`,
  });
}

/**
 * Ironic's conductor utils.node_set_boot_device: driver_info.force_persistent_boot_device 'Always' makes
 * every change persistent, 'Never' none; the deprecated boolean spellings that are true mean 'Always'.
 * Nothing is changed on a node being adopted.
 */
export async function setBootDevice(task: ExclusiveTask, device: BootDevice, persistent: boolean): Promise<void> {
  const management = otherInterface(task, 'management');
  if (!management) throw new InvalidParameterValue({ message: "The boot interface needs the node's management interface, which this task does not give" });
  await management.validate(task);
  if (task.node.provision_state === 'adopting') return;
  const force = task.node.driver_info.force_persistent_boot_device;
  if (force === 'Always') persistent = true;
  else if (force === 'Never') persistent = false;
  else if (force !== undefined && force !== null && force !== 'Default' && ['1', 't', 'true', 'on', 'y', 'yes'].includes(text(force).trim().toLowerCase())) persistent = true;
  await management.setBootDevice(task, device, persistent);
}

/**
 * Ironic's `pxe` and `ipxe` boot interfaces (PXEBaseMixin): they boot the agent ramdisk from the network
 * and the instance from its disk.
 *
 * What Ferrum does: Ironic's properties, validation (ports, capabilities, deploy kernel and ramdisk) and boot
 * device handling (network boot for the ramdisk, persistent disk boot for the instance, with
 * force_persistent_boot_device honoured). `ipxe` also writes the node's iPXE configuration while its ramdisk is
 * prepared (the agent kernel and ramdisk by URL, ipa-api-url, the ramdisk parameters and kernel_append_params),
 * which the inspector serves by MAC behind boot.ipxe (Ironic's pxelinux.cfg/<mac>); Ferrum's managed dnsmasq and
 * PXE filter hand that script to the machine while its node is in a state that boots the agent.
 *
 * Not done: `pxe` writes no PXELINUX/GRUB configuration (its machines need a PXE setup of their own), Ferrum caches
 * no images (iPXE fetches deploy_kernel/deploy_ramdisk from their URLs), and netboot/ramdisk/kickstart instances and
 * secure boot are not supported (only local boot of a whole-disk image, which is all Ferrum's `direct` deploy writes).
 */
export class PxeBoot implements BootInterface {
  readonly preparesNetworkBoot = true;

  constructor(
    /** `ipxe` (iPXEBoot) rather than `pxe` (PXEBoot): the same behaviour, different files once they are written. */
    readonly ipxeEnabled = false,
  ) {}

  /** Ironic's: iPXE can boot a machine from an iSCSI volume (a boot volume target), PXE cannot. */
  get capabilities(): readonly string[] {
    return this.ipxeEnabled ? ['iscsi_volume_boot', 'ramdisk_boot', 'ipxe_boot'] : ['ramdisk_boot', 'pxe_boot'];
  }

  getProperties(): PropertyDescriptions {
    return { ...PXE_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    const node = task.node;
    if (task.portAddresses && (await task.portAddresses()).length === 0) {
      throw new MissingParameterValue({ message: `Node ${node.uuid} does not have any port associated with it` });
    }
    // Ironic's iPXE also needs [deploy]http_url and http_root; Ferrum has no such settings to check yet.
    validateCapabilities(node);
    if (node.instance_info.image_source && node.instance_info.boot_iso) {
      throw new InvalidParameterValue({ message: "An 'image_source' and 'boot_iso' parameter may not be specified at the same time" });
    }
    kernelAndRamdisk(node, 'deploy');
    // The boot option is always 'local' (no ramdisk or anaconda deploy in Ferrum): Ironic validates no
    // instance image here then.
  }

  /** Ironic's validate_rescue: the rescue kernel and ramdisk must be given. */
  async validateRescue(task: SharedTask): Promise<void> {
    kernelAndRamdisk(task.node, 'rescue');
  }

  async prepareRamdisk(task: ExclusiveTask, ramdiskParams: Record<string, string>): Promise<void> {
    const mode = rescueOrDeployMode(task.node);
    const { kernel, ramdisk } = kernelAndRamdisk(task.node, mode);
    const netboot = task.netboot;
    if (this.ipxeEnabled && netboot) {
      // Ironic's ipxe_config.template: the agent's parameters (build_agent_options), the node's or the configured
      // kernel parameters, and BOOTIF for the NIC iPXE booted from.
      const params = { 'ipa-api-url': netboot.apiUrl, ...ramdiskParams };
      const args = [kernelAppendParams(task.node, netboot.kernelAppendParams), ...Object.entries(params).map(([k, v]) => `${k}=${v}`), 'BOOTIF=${mac}', `initrd=${mode}_ramdisk`];
      const script = ipxeRamdiskScript({
        kernel: fetchableUrl(`${mode}_kernel`, kernel),
        ramdisk: fetchableUrl(`${mode}_ramdisk`, ramdisk),
        args: args.filter(Boolean).join(' '),
        initrdName: `${mode}_ramdisk`,
      });
      await netboot.write(script);
    }
    await setBootDevice(task, 'pxe', false);
  }

  /** Ironic's clean_up_ramdisk: the node's configuration removed, so the next network boot is not the agent's. */
  async cleanUpRamdisk(task: ExclusiveTask): Promise<void> {
    await task.netboot?.remove();
  }

  async prepareInstance(task: ExclusiveTask): Promise<void> {
    // Local boot: Ironic removes the node's PXE config and boots from disk from now on.
    await task.netboot?.remove();
    const node = task.node;
    if (node.provision_state === 'active') return;
    const vendor = node.properties.vendor;
    const uefi = (capabilitiesOf(node).boot_mode ?? node.boot_mode ?? 'uefi') === 'uefi';
    // Ironic skips it for Lenovo machines in UEFI mode, which the deploy already set to boot the instance.
    if (node.provision_state === 'deploying' && typeof vendor === 'string' && vendor.toLowerCase() === 'lenovo' && uefi) return;
    await setBootDevice(task, 'disk', true);
  }

  async cleanUpInstance(task: ExclusiveTask): Promise<void> {
    // Local boot writes no instance configuration; what a ramdisk left is removed all the same, as Ironic's.
    await task.netboot?.remove();
  }
}
