import { InvalidParameterValue } from '@ferrum/errors';
import { bootModeOf } from '../bmc/boot-mode';
import type { BootDevice, BootDeviceState, ManagementInterface } from '../interfaces/management.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { REDFISH_PROPERTIES } from './redfish-driver-info';
import { at } from './redfish-client';
import type { RedfishSystems } from './redfish-system';

/** Ironic's BOOT_DEVICE_MAP between its boot devices and Redfish BootSourceOverrideTarget values. */
const TO_REDFISH: Partial<Record<BootDevice, string>> = { pxe: 'Pxe', disk: 'Hdd', cdrom: 'Cd', bios: 'BiosSetup', floppy: 'Floppy' };
const FROM_REDFISH: Record<string, BootDevice> = Object.fromEntries(Object.entries(TO_REDFISH).map(([k, v]) => [v, k as BootDevice]));

/** Ironic's `redfish` management: the boot override of the ComputerSystem (target, Once/Continuous, mode). */
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
}
