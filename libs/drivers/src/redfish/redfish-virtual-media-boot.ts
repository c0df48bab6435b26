import { POWER_OFF, type NodeRecord, pyRepr } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { agentPower } from '../agent/agent-steps';
import { text } from '../bmc/text';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import type { BootInterface } from '../interfaces/optional.interfaces';
import { rescueOrDeployMode, setBootDevice } from '../pxe/pxe-boot';
import type { ExclusiveTask, SharedTask } from '../task';
import type { RedfishSystems } from './redfish-system';
import { type InsertMediaOptions, ejectMedia, insertMedia, supportedTransferProtocols } from './redfish-virtual-media';

/** Ironic's REQUIRED_PROPERTIES of redfish/boot.py (wire data: Ironic's exact texts). */
export const REDFISH_VIRTUAL_MEDIA_PROPERTIES: PropertyDescriptions = {
  deploy_kernel: 'URL or Glance UUID of the deployment kernel. Required if deploy_iso is not set.',
  deploy_ramdisk: 'URL or Glance UUID of the ramdisk that is mounted at boot time. Required if deploy_iso is not set.',
  deploy_iso: 'URL or Glance UUID of the deployment ISO to use. Required if deploy_kernel/deploy_ramdisk are not set.',
};

/** Ironic's need_prepare_ramdisk: only these operations boot the agent (a takeover, for one, must not touch the drives). */
const RAMDISK_STATES = ['deploying', 'wait call-back', 'cleaning', 'clean wait', 'rescuing', 'rescue wait', 'inspecting', 'inspect wait', 'servicing', 'service wait'];
const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];

const given = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : text(v));
const truthy = (v: unknown) => v === true || TRUE.includes(text(v ?? '').trim().toLowerCase());
/** config_via_removable, or its deprecated name config_via_floppy. */
const configViaRemovable = (node: Pick<NodeRecord, 'driver_info'>) => truthy(node.driver_info.config_via_removable ?? node.driver_info.config_via_floppy);

/**
 * The agent ISO of the operation under way (deploy_iso or rescue_iso, or their deprecated redfish_ names),
 * checked as Ironic's _parse_driver_info checks it, then as far as Ferrum can serve it.
 * @throws MissingParameterValue (Ironic's words), InvalidParameterValue (what Ferrum cannot do yet)
 */
export function agentIso(node: Pick<NodeRecord, 'uuid' | 'driver_info' | 'provision_state'>): string {
  const mode = rescueOrDeployMode(node);
  const info = node.driver_info;
  const iso = given(info[`${mode}_iso`]) ?? given(info[`redfish_${mode}_iso`]);
  if (iso === undefined) {
    const labels = [`${mode}_kernel`, `${mode}_ramdisk`];
    // Ironic names both whenever either is missing (a lone kernel or ramdisk is ambiguous, so it takes neither).
    if (labels.some((l) => !given(info[l]))) {
      throw new MissingParameterValue({ message: `Error validating Redfish virtual media. Some parameters were missing in node's driver_info. Missing are: ${pyRepr(labels)}` });
    }
    throw new InvalidParameterValue({
      message: `Node ${node.uuid} has ${labels.join(' and ')} but no ${mode}_iso: Ferrum's redfish-virtual-media boot interface cannot build an ISO from a kernel and ramdisk yet. Set driver_info/${mode}_iso to the http(s) URL of a bootable ${mode} ISO.`,
    });
  }
  if (!/^https?:\/\/[^/\s]+/i.test(iso) || !URL.canParse(iso)) {
    throw new InvalidParameterValue({ message: `driver_info/${mode}_iso of node ${node.uuid} must be an http(s) URL the BMC can fetch, not ${iso}: Ferrum publishes no Glance images or local files for virtual media yet.` });
  }
  return iso;
}

/**
 * Ironic's `redfish-virtual-media` boot interface (RedfishVirtualMediaBoot): the agent boots from an ISO the
 * BMC mounts as a virtual CD, with no DHCP or PXE (how Metal3 boots its deploy and inspection ramdisk).
 *
 * What Ferrum does today: a pre-built ISO (driver_info deploy_iso / rescue_iso) is mounted through the
 * system's VirtualMedia (or its managers'), and the next boot is set to the CD; clean-ups eject it, and the
 * instance boots from its disk (local boot, the only kind Ferrum deploys).
 *
 * NOT DONE YET: building an ISO from deploy_kernel/deploy_ramdisk (with `bootloader` and
 * `kernel_append_params`) and publishing Glance images or local files over the conductor's HTTP server;
 * config_via_removable (a configuration floppy or USB image); fast track; ramdisk and configdrive instance
 * boot; secure boot; NFS/CIFS transport; vendor checks (Dell iDRAC firmware). No `capabilities` are claimed
 * (Ironic's iscsi_volume_boot and ramdisk_boot would promise boots this implementation cannot do).
 */
export class RedfishVirtualMediaBoot implements BootInterface {
  readonly bootsRamdiskItself = true;

  constructor(
    private readonly systems: RedfishSystems,
    /** Retries of a BMC's 5xx answer to InsertMedia (Ironic: 3 attempts, 3 s apart). */
    private readonly insertRetry: Pick<InsertMediaOptions, 'attempts' | 'retryIntervalMs'> = {},
  ) {}

  getProperties(): PropertyDescriptions {
    return { ...REDFISH_VIRTUAL_MEDIA_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    const node = task.node;
    agentIso(node);
    if (configViaRemovable(node)) {
      throw new InvalidParameterValue({
        message: `driver_info/config_via_removable is set for node ${node.uuid}, but Ferrum cannot build the configuration image it mounts yet. Unset it: the ISO in deploy_iso must carry the agent's configuration.`,
      });
    }
    this.systems.info(node);
  }

  /** Ironic's prepare_ramdisk: power off, the agent ISO in the virtual CD, a one-time boot from it. */
  async prepareRamdisk(task: ExclusiveTask, ramdiskParams: Record<string, string>): Promise<void> {
    if (!RAMDISK_STATES.includes(task.node.provision_state)) return;
    const iso = agentIso(task.node);
    this.systems.info(task.node);
    await agentPower(task, POWER_OFF);
    // Read by the ISOs Ironic builds (a pre-built one brings its own configuration); kept for when Ferrum builds them.
    ramdiskParams.boot_method = 'vmedia';
    const override = given(task.node.driver_info.vmedia_transport_protocol)?.toUpperCase();
    const protocol = override ? await this.checkedProtocol(task, override) : 'HTTP';
    await task.record?.({ driver_internal_info: { ...task.node.driver_internal_info, vmedia_transport_protocol: protocol } });
    await ejectMedia(this.systems, task.node, 'cd');
    await insertMedia(this.systems, task.node, iso, 'cd', { ...this.insertRetry, ...(override && { transferProtocol: protocol }) });
    // Ironic syncs the boot mode first; Ferrum's management sets the node's boot mode with the boot device.
    await setBootDevice(task, 'cdrom', false);
  }

  /** Ironic's clean_up_ramdisk: empty the drives (the deploy interface powers the agent off where it should; after a failed step it does not). */
  async cleanUpRamdisk(task: ExclusiveTask): Promise<void> {
    await this.ejectAll(task);
  }

  /** Ironic's prepare_instance for local boot (the only kind Ferrum deploys): empty drives, boot from disk from now on. */
  async prepareInstance(task: ExclusiveTask): Promise<void> {
    await this.ejectAll(task);
    await setBootDevice(task, 'disk', true);
  }

  async cleanUpInstance(task: ExclusiveTask): Promise<void> {
    await this.ejectAll(task);
  }

  /** Ironic's _eject_all: the CD, and the removable drives when configuration was passed on them. */
  private async ejectAll(task: ExclusiveTask): Promise<void> {
    await ejectMedia(this.systems, task.node, 'cd');
    if (configViaRemovable(task.node)) {
      await ejectMedia(this.systems, task.node, 'usb');
      await ejectMedia(this.systems, task.node, 'floppy');
    }
  }

  /** Ironic's _select_transport_protocol for a driver_info override: the BMC must offer it, and Ferrum has no NFS or CIFS share. */
  private async checkedProtocol(task: ExclusiveTask, protocol: string): Promise<string> {
    const node = task.node;
    const supported = await supportedTransferProtocols(this.systems, node, 'cd');
    if (!supported.includes(protocol)) {
      throw new InvalidParameterValue({ message: `Node ${node.uuid} requested transport protocol ${protocol} via driver_info, but BMC only supports ${pyRepr(supported)}.` });
    }
    if (protocol === 'NFS') {
      throw new InvalidParameterValue({ message: `NFS transport protocol requested for node ${node.uuid} but [nfs]base_url and [nfs]share_path are not both configured.` });
    }
    if (protocol === 'CIFS' || protocol === 'SMB') {
      throw new InvalidParameterValue({ message: `CIFS transport protocol requested for node ${node.uuid} but [cifs]base_url and [cifs]share_path are not both configured.` });
    }
    return protocol;
  }
}
