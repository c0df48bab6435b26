import type { FirmwareComponentReading } from '@ferrum/contracts';
import { UnsupportedDriverExtension } from '@ferrum/errors';
import type { FirmwareInterface } from '../interfaces/optional.interfaces';
import { cleanStep, deployStep, serviceStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';
import { REDFISH_PROPERTIES } from './redfish-driver-info';
import { Json, at } from './redfish-client';
import { firmwareUpdateSettings } from './redfish-firmware-settings';
import { DEFAULT_FIRMWARE_UPDATE_SETTINGS, RedfishFirmwareUpdate } from './redfish-firmware-update';
import type { RedfishSystems } from './redfish-system';

const UPDATE_ARGSINFO = { settings: { description: 'A list of dicts with firmware components to be updated', required: true } };

/**
 * Ironic's `redfish` firmware interface: the system's `BiosVersion` (component `bios`) and its first manager's
 * `FirmwareVersion` (component `bmc`) cached on the node, and updated through the BMC's UpdateService.
 */
export class RedfishFirmware implements FirmwareInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties() {
    return { ...REDFISH_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    this.systems.info(task.node);
  }

  async cacheFirmwareComponents(task: ExclusiveTask): Promise<void> {
    await task.firmwareComponents?.sync(await this.read(task));
  }

  /**
   * Ironic's `update` step: each component's image flashed in turn by SimpleUpdate (see RedfishFirmwareUpdate),
   * then the components re-read, so that the node shows the new current_version and last_version_flashed.
   */
  @cleanStep({ priority: 0, argsinfo: UPDATE_ARGSINFO })
  @deployStep({ priority: 0, argsinfo: UPDATE_ARGSINFO })
  // Ironic 2026.1: out of band when servicing (the instance keeps running until the BMC reboots it), with the agent when cleaning.
  @serviceStep({ priority: 0, argsinfo: UPDATE_ARGSINFO, requiresRamdisk: false })
  async update(task: ExclusiveTask, args: { settings?: unknown }): Promise<void> {
    const updates = firmwareUpdateSettings(args.settings);
    const settings = { ...DEFAULT_FIRMWARE_UPDATE_SETTINGS, ...this.systems.settings.redfish.firmwareUpdate };
    await new RedfishFirmwareUpdate(this.systems, settings, (t) => this.read(t)).run(task, updates);
  }

  /** The components the BMC reports; a BMC that reports none does not support firmware (Ironic's words). */
  protected async read(task: SharedTask): Promise<FirmwareComponentReading[]> {
    const { info, system } = await this.systems.get(task.node);
    const readings: FirmwareComponentReading[] = [];
    const bios = system.BiosVersion;
    if (typeof bios === 'string' && bios) readings.push({ component: 'bios', current_version: bios });
    // The BMC's firmware is on the Manager, not the System; a system without one still reports its BIOS.
    const managers = at(system, 'Links', 'ManagedBy');
    const manager = Array.isArray(managers) ? at(managers[0], '@odata.id') : undefined;
    if (typeof manager === 'string') {
      const doc: Json = await this.systems.client.get(info, manager).catch(() => ({}));
      const version = doc.FirmwareVersion;
      if (typeof version === 'string' && version) readings.push({ component: 'bmc', current_version: version });
    }
    if (!readings.length) {
      throw new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'firmware' }, `Cannot retrieve firmware for node ${task.node.uuid}: no supported components`);
    }
    return readings;
  }
}
