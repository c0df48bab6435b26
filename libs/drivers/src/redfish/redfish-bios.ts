import { POWER_ON, REBOOT, pyRepr } from '@ferrum/contracts';
import { RedfishError, UnsupportedDriverExtension } from '@ferrum/errors';
import { agentPower, need } from '../agent/agent-steps';
import { biosSettingsArg, cachedBiosSetting } from '../bios/bios-settings';
import type { BiosInterface } from '../interfaces/optional.interfaces';
import { cleanStep, deployStep, serviceStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';
import { REDFISH_PROPERTIES } from './redfish-driver-info';
import { Json, at } from './redfish-client';
import type { RedfishSystems } from './redfish-system';

const APPLY_ARGSINFO = { settings: { description: 'A list of BIOS settings to be applied', required: true } };

/**
 * Ironic's `redfish` BIOS interface: the system's Bios resource read into the node's cached settings, changes
 * written to its settings object (@Redfish.Settings) and a ResetBios action, both taking effect at the next
 * boot. Ironic reboots into the agent and finishes the step when it calls back; Ferrum reboots through the
 * node's power interface within the step and checks the result at once, so no ramdisk is needed for it.
 */
export class RedfishBios implements BiosInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties() {
    return { ...REDFISH_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    this.systems.info(task.node);
  }

  /** Ironic's cache_bios_settings: the attributes in force become the node's settings (values as strings). */
  async cacheSettings(task: ExclusiveTask): Promise<void> {
    const { bios } = await this.bios(
      task,
      () => new UnsupportedDriverExtension({ driver: task.node.driver, extension: 'bios' }, `Cannot fetch BIOS attributes for node ${task.node.uuid}, BIOS settings are not supported.`),
    );
    await this.store(task, (bios.Attributes ?? {}) as Json);
  }

  @cleanStep({ priority: 0, requiresRamdisk: false })
  @deployStep({ priority: 0 })
  @serviceStep({ priority: 0, requiresRamdisk: false })
  async factory_reset(task: ExclusiveTask): Promise<void> {
    const failed = (why: string) => `Redfish BIOS factory reset failed for node ${task.node.uuid}${why}`;
    const { info, bios, path } = await this.bios(task, () => new RedfishError({ message: failed(', because BIOS settings are not supported.') }));
    const target = at(bios, 'Actions', '#Bios.ResetBios', 'target');
    await this.systems.client
      .post(info, typeof target === 'string' ? target : `${path}/Actions/Bios.ResetBios`, {})
      .catch((e: Error) => {
        throw new RedfishError({ message: failed(`. Error: ${e.message}`) });
      });
    await this.rebootToApply(task);
    await this.cacheSettings(task);
  }

  @cleanStep({ priority: 0, argsinfo: APPLY_ARGSINFO, requiresRamdisk: false })
  @deployStep({ priority: 0, argsinfo: APPLY_ARGSINFO })
  @serviceStep({ priority: 0, argsinfo: APPLY_ARGSINFO, requiresRamdisk: false })
  async apply_configuration(task: ExclusiveTask, args: { settings?: unknown }): Promise<void> {
    const requested = Object.fromEntries(biosSettingsArg(args.settings, true).map((s) => [s.name, s.value]));
    // Ironic's own words here, although the step is not a factory reset.
    const { info, bios, path } = await this.bios(task, () => new RedfishError({ message: `Redfish BIOS factory reset failed for node ${task.node.uuid}, because BIOS settings are not supported.` }));
    const settingsObject = at(bios, '@Redfish.Settings', 'SettingsObject', '@odata.id');
    await this.systems.client.patch(info, typeof settingsObject === 'string' ? settingsObject : `${path}/Settings`, { Attributes: requested }).catch((e: Error) => {
      throw new RedfishError({ message: `Redfish BIOS apply configuration failed for node ${task.node.uuid}. Error: ${e.message}` });
    });
    await this.rebootToApply(task);
    const current = ((await this.systems.client.get(info, path)).Attributes ?? {}) as Json;
    const notUpdated = Object.fromEntries(Object.entries(requested).filter(([name, value]) => current[name] !== value));
    await this.store(task, current);
    if (Object.keys(notUpdated).length) {
      throw new RedfishError({ message: `Redfish BIOS apply_configuration step failed for node ${task.node.uuid}. Attributes ${pyRepr(notUpdated)} are not updated.` });
    }
  }

  /** The attributes in force become the node's cached settings. */
  private async store(task: ExclusiveTask, attributes: Json): Promise<void> {
    await task.biosSettings?.replace(Object.entries(attributes).map(([name, value]) => cachedBiosSetting(name, value)));
  }

  /** The system's Bios resource, or the caller's error when the system has none. */
  private async bios(task: SharedTask, unsupported: () => Error) {
    const { info, system } = await this.systems.get(task.node);
    const path = at(system, 'Bios', '@odata.id');
    if (typeof path !== 'string') throw unsupported();
    return { info, path, bios: await this.systems.client.get(info, path) };
  }

  /** Pending BIOS changes take effect at the next boot: reboot (or power on) and record it as a power action. */
  private async rebootToApply(task: ExclusiveTask): Promise<void> {
    const state = await need(task, 'power').getPowerState(task);
    await agentPower(task, state === POWER_ON ? REBOOT : POWER_ON);
  }
}
