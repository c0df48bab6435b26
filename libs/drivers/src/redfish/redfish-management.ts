import { InvalidParameterValue, MissingParameterValue, RedfishError, UnsupportedDriverExtension } from '@ferrum/errors';
import { bootModeOf } from '../bmc/boot-mode';
import type { BootDevice, BootDeviceState, Indicators, ManagementInterface, VmediaDevice } from '../interfaces/management.interface';
import { cleanStep, deployStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';
import { REDFISH_PROPERTIES, type RedfishDriverInfo } from './redfish-driver-info';
import { Json, at } from './redfish-client';
import type { RedfishSystems } from './redfish-system';
import { type MediaDrive, type VirtualMediaDevice, ejectMedia, insertMedia, listMedia } from './redfish-virtual-media';

/** Ironic's BOOT_DEVICE_MAP between its boot devices and Redfish BootSourceOverrideTarget values. */
const TO_REDFISH: Partial<Record<BootDevice, string>> = { pxe: 'Pxe', disk: 'Hdd', cdrom: 'Cd', bios: 'BiosSetup', floppy: 'Floppy' };
const FROM_REDFISH: Record<string, BootDevice> = Object.fromEntries(Object.entries(TO_REDFISH).map(([k, v]) => [v, k as BootDevice]));

/** Ironic's VMEDIA_DEVICES_MAP: its device names → the Redfish drive kind (MediaTypes). */
const REDFISH_VMEDIA: Record<VmediaDevice, VirtualMediaDevice> = { cdrom: 'cd', floppy: 'floppy', disk: 'usb' };

/** Redfish IndicatorLED ↔ Ironic's indicator states. */
const INDICATOR_STATES: Record<string, string> = { Lit: 'on', Off: 'off', Blinking: 'blinking', Unknown: 'unknown' };
const INDICATOR_LEDS: Record<string, string> = { on: 'Lit', off: 'Off', blinking: 'Blinking' };
/** Every Redfish indicator Ironic offers can be set to these. */
const SETTABLE = { readonly: false, states: ['blinking', 'off', 'on'] };

/**
 * Ironic's `redfish` management: the boot override of the ComputerSystem (target, Once/Continuous, mode),
 * UEFI secure boot (its SecureBoot resource and key resets, as manual steps) and the system's and chassis'
 * indicator LEDs (drives' LEDs are not offered: the emulator's systems have none).
 */
export class RedfishManagement implements ManagementInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties() {
    return { ...REDFISH_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    this.systems.info(task.node);
  }

  /** The devices Ferrum knows that the system lists in BootSourceOverrideTarget@Redfish.AllowableValues (all of them if it lists none). */
  async getSupportedBootDevices(task: SharedTask): Promise<BootDevice[]> {
    const { system } = await this.systems.get(task.node);
    const allowed = at(system, 'Boot', 'BootSourceOverrideTarget@Redfish.AllowableValues') as string[] | undefined;
    return (Object.keys(TO_REDFISH) as BootDevice[]).filter((d) => !allowed || allowed.includes(TO_REDFISH[d]!));
  }

  async setBootDevice(task: ExclusiveTask, device: BootDevice, persistent: boolean): Promise<void> {
    const target = TO_REDFISH[device];
    if (!target) throw new InvalidParameterValue({ message: `Invalid boot device ${device} specified. Supported: ${Object.keys(TO_REDFISH).join(', ')}` });
    const { info, path } = await this.systems.get(task.node);
    const mode = bootModeOf(task.node, this.systems.settings.defaultBootMode) === 'uefi' ? 'UEFI' : 'Legacy';
    await this.systems.client.patch(info, path, {
      Boot: { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: persistent ? 'Continuous' : 'Once', BootSourceOverrideMode: mode },
    });
  }

  /** The boot override's mode (UEFI or Legacy) as Ironic's redfish get_boot_mode reads it. */
  async getBootMode(task: ExclusiveTask): Promise<'uefi' | 'bios' | null> {
    const { system } = await this.systems.get(task.node);
    const mode = at(system, 'Boot', 'BootSourceOverrideMode');
    return mode === 'UEFI' ? 'uefi' : mode === 'Legacy' ? 'bios' : null;
  }

  /** Ironic's redfish set_boot_mode: the boot override's mode, its target and enablement kept. */
  async setBootMode(task: ExclusiveTask, mode: 'uefi' | 'bios'): Promise<void> {
    const { info, path, system } = await this.systems.get(task.node);
    const boot = (at(system, 'Boot') ?? {}) as Record<string, unknown>;
    await this.systems.client.patch(info, path, {
      Boot: {
        ...(typeof boot.BootSourceOverrideTarget === 'string' && { BootSourceOverrideTarget: boot.BootSourceOverrideTarget }),
        ...(typeof boot.BootSourceOverrideEnabled === 'string' && { BootSourceOverrideEnabled: boot.BootSourceOverrideEnabled }),
        BootSourceOverrideMode: mode === 'uefi' ? 'UEFI' : 'Legacy',
      },
    });
  }

  /** Ironic's redfish inject_nmi: the system's Reset action with ResetType Nmi. */
  async injectNmi(task: ExclusiveTask): Promise<void> {
    const { info, path, system } = await this.systems.get(task.node);
    const target = at(system, 'Actions', '#ComputerSystem.Reset', 'target');
    await this.systems.client.post(info, typeof target === 'string' ? target : `${path}/Actions/ComputerSystem.Reset`, { ResetType: 'Nmi' });
  }

  async getBootDevice(task: ExclusiveTask): Promise<BootDeviceState> {
    const { system } = await this.systems.get(task.node);
    const enabled = at(system, 'Boot', 'BootSourceOverrideEnabled');
    return {
      boot_device: FROM_REDFISH[String(at(system, 'Boot', 'BootSourceOverrideTarget'))] ?? null,
      persistent: enabled === 'Continuous' ? true : enabled === 'Once' ? false : null,
    };
  }

  /** Ironic's get_secure_boot_state: SecureBootEnable of the system's SecureBoot resource. */
  async getSecureBootState(task: ExclusiveTask): Promise<boolean | null> {
    const { info, system } = await this.systems.get(task.node);
    const secureBoot = await this.secureBoot(task, info, system, 'get_secure_boot_state');
    return typeof secureBoot.doc.SecureBootEnable === 'boolean' ? secureBoot.doc.SecureBootEnable : null;
  }

  /** Ironic's set_secure_boot_state: nothing to do when it already is; UEFI required to change it. */
  async setSecureBootState(task: ExclusiveTask, enabled: boolean): Promise<void> {
    const { info, system } = await this.systems.get(task.node);
    const secureBoot = await this.secureBoot(task, info, system, 'set_secure_boot_state');
    if (secureBoot.doc.SecureBootEnable === enabled) return;
    if (at(system, 'Boot', 'BootSourceOverrideMode') === 'Legacy') throw new RedfishError({ message: `Configuring secure boot requires UEFI for node ${task.node.uuid}` });
    await this.systems.client.patch(info, secureBoot.path, { SecureBootEnable: enabled }).catch((e: Error) => {
      throw new RedfishError({ message: `Failed to set secure boot state on node ${task.node.uuid} to ${enabled ? 'True' : 'False'}: ${e.message}` });
    });
  }

  @cleanStep({ priority: 0 })
  @deployStep({ priority: 0 })
  async reset_secure_boot_keys_to_default(task: ExclusiveTask): Promise<void> {
    await this.resetKeys(task, 'ResetAllKeysToDefault');
  }

  @cleanStep({ priority: 0 })
  @deployStep({ priority: 0 })
  async clear_secure_boot_keys(task: ExclusiveTask): Promise<void> {
    await this.resetKeys(task, 'DeleteAllKeys');
  }

  /** Ironic's get_supported_indicators: the chassis' LEDs (by UUID) and the system's (by its UUID), all settable. */
  async getSupportedIndicators(task: ExclusiveTask): Promise<Indicators> {
    const { info, system } = await this.systems.get(task.node);
    const indicators: Indicators = {};
    const chassis = (await this.chassisOf(info, system)).filter((c) => c.IndicatorLED && typeof c.UUID === 'string');
    if (chassis.length) indicators.chassis = Object.fromEntries(chassis.map((c) => [String(c.UUID), { ...SETTABLE }]));
    if (system.IndicatorLED && typeof system.UUID === 'string') indicators.system = { [system.UUID]: { ...SETTABLE } };
    return indicators;
  }

  async getIndicatorState(task: ExclusiveTask, component: string, indicator: string): Promise<string> {
    const { info, system } = await this.systems.get(task.node);
    const found = await this.indicator(task, info, system, component, indicator);
    return INDICATOR_STATES[String(found.doc.IndicatorLED)] ?? 'unknown';
  }

  async setIndicatorState(task: ExclusiveTask, component: string, indicator: string, state: string): Promise<void> {
    const { info, system } = await this.systems.get(task.node);
    const found = await this.indicator(task, info, system, component, indicator);
    const led = INDICATOR_LEDS[state];
    if (!led) throw new InvalidParameterValue({ message: `Invalid indicator state ${state}. Supported: ${Object.keys(INDICATOR_LEDS).join(', ')}` });
    await this.systems.client.patch(info, found.path, { IndicatorLED: led }).catch((e: Error) => {
      throw new RedfishError({ message: `Redfish set ${component} indicator ${indicator} state ${state} failed for node ${task.node.uuid}. Error: ${e.message}` });
    });
  }

  /** Ironic's attach_virtual_media: the image inserted in the system's drive of that kind (cdrom → CD, disk → USB stick). */
  async attachVirtualMedia(task: ExclusiveTask, device: VmediaDevice, imageUrl: string): Promise<void> {
    await insertMedia(this.systems, task.node, imageUrl, REDFISH_VMEDIA[device]);
  }

  /** Ironic's get_node_health: the ComputerSystem's Status.Health, when it is one Ironic knows. */
  async getNodeHealth(task: SharedTask): Promise<'OK' | 'Warning' | 'Critical' | null> {
    const { system } = await this.systems.get(task.node);
    const health = at(system, 'Status', 'Health');
    return health === 'OK' || health === 'Warning' || health === 'Critical' ? health : null;
  }

  /** Ironic's get_virtual_media: the drives and what they hold. */
  getVirtualMedia(task: ExclusiveTask): Promise<MediaDrive[]> {
    return listMedia(this.systems, task.node);
  }

  /** Ironic's detach_virtual_media: those drives ejected, or every drive. */
  async detachVirtualMedia(task: ExclusiveTask, devices?: VmediaDevice[]): Promise<void> {
    if (!devices) {
      await ejectMedia(this.systems, task.node);
      return;
    }
    for (const device of devices) await ejectMedia(this.systems, task.node, REDFISH_VMEDIA[device]);
  }

  private async resetKeys(task: ExclusiveTask, type: string): Promise<void> {
    const { info, system } = await this.systems.get(task.node);
    const secureBoot = await this.secureBoot(task, info, system, 'reset_keys');
    const target = at(secureBoot.doc, 'Actions', '#SecureBoot.ResetKeys', 'target');
    await this.systems.client.post(info, typeof target === 'string' ? target : `${secureBoot.path}/Actions/SecureBoot.ResetKeys`, { ResetKeysType: type }).catch((e: Error) => {
      throw new RedfishError({ message: `Failed to reset secure boot keys on node ${task.node.uuid}: ${e.message}` });
    });
  }

  private async secureBoot(task: ExclusiveTask, info: RedfishDriverInfo, system: Json, extension: string): Promise<{ path: string; doc: Json }> {
    const path = at(system, 'SecureBoot', '@odata.id');
    if (typeof path !== 'string') throw new UnsupportedDriverExtension({ driver: task.node.driver, extension });
    return { path, doc: await this.systems.client.get(info, path) };
  }

  private async chassisOf(info: RedfishDriverInfo, system: Json): Promise<Json[]> {
    const links = (at(system, 'Links', 'Chassis') ?? []) as Json[];
    return Promise.all(links.map((l) => at(l, '@odata.id')).filter((p): p is string => typeof p === 'string').map(async (p) => ({ ...(await this.systems.client.get(info, p)), '@odata.id': p })));
  }

  /** The resource holding one indicator: the system (by its UUID) or one of its chassis (by theirs). */
  private async indicator(task: ExclusiveTask, info: RedfishDriverInfo, system: Json, component: string, indicator: string): Promise<{ path: string; doc: Json }> {
    if (component === 'system' && system.UUID === indicator) return { path: String(system['@odata.id']), doc: system };
    if (component === 'chassis') {
      const chassis = (await this.chassisOf(info, system)).find((c) => c.UUID === indicator);
      if (chassis) return { path: String(chassis['@odata.id']), doc: chassis };
    }
    throw new MissingParameterValue({ message: `Unknown indicator ${indicator} for component ${component} of node ${task.node.uuid}` });
  }
}
