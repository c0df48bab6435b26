import { POWER_ON, REBOOT, type FirmwareComponentReading } from '@ferrum/contracts';
import { InvalidParameterValue, RedfishError } from '@ferrum/errors';
import { agentPower, need } from '../agent/agent-steps';
import type { ExclusiveTask } from '../task';
import { at, memberLinks } from './redfish-client';
import type { RedfishDriverInfo } from './redfish-driver-info';
import { componentType, type FirmwareUpdateSetting } from './redfish-firmware-settings';
import type { RedfishSystems } from './redfish-system';

/** Ironic's [redfish] firmware_update_* options, as a step that polls its own task needs them. */
export interface FirmwareUpdateSettings {
  /**
   * Between polls of the BMC's task. Ironic polls from a periodic every firmware_update_status_interval (60 s)
   * for all nodes at once; here each step polls its own task, so more often costs little.
   */
  statusIntervalMs: number;
  /** firmware_update_overall_timeout: the whole step fails after this long (0: never). */
  overallTimeoutS: number;
  /** firmware_update_reboot_delay: how long after a BMC update is submitted its new version is waited for, unless the setting's `wait` says. */
  rebootDelayS: number;
  /** firmware_update_bmc_version_check_interval. */
  bmcVersionCheckIntervalMs: number;
  /** firmware_update_nic_starting_wait: a NIC task still Starting after this long needs a reboot to start. */
  nicStartingWaitS: number;
  /** firmware_update_required_successes, _validation_interval and _resource_validation_timeout: the BMC answering steadily after an update (0: no check). */
  requiredSuccesses: number;
  validationIntervalMs: number;
  resourceValidationTimeoutS: number;
}

export const DEFAULT_FIRMWARE_UPDATE_SETTINGS: FirmwareUpdateSettings = {
  statusIntervalMs: 5000,
  overallTimeoutS: 7200,
  rebootDelayS: 300,
  bmcVersionCheckIntervalMs: 30_000,
  nicStartingWaitS: 30,
  requiredSuccesses: 3,
  validationIntervalMs: 30_000,
  resourceValidationTimeoutS: 480,
};

/** A BMC task as Ironic reads it: its state, status and message texts; or gone (404), or not answering this time. */
type TaskView = { state: string; status?: string; messages: string[] } | 'gone' | 'unanswered';

const IN_PROGRESS = ['New', 'Starting', 'Running', 'Pending'];
const STARTED = ['Starting', 'Running', 'Pending'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ironic's redfish firmware update, run to its end within the step: for each component in turn a
 * SimpleUpdate, its task polled to completion, and what each kind needs: a BIOS image applies at the
 * reboot done as soon as its task starts (or, when the BMC finishes first, right after); a BMC's new
 * version is waited for, then no reboot unless it cannot be read; a NIC's task gets a reboot when it stays
 * Starting, else one after it ends. Ironic returns CLEANWAIT and does the same from periodic tasks, keeping
 * its place in driver_internal_info; here one step holds the lock throughout, so nothing needs keeping.
 */
export class RedfishFirmwareUpdate {
  constructor(
    private readonly systems: RedfishSystems,
    private readonly settings: FirmwareUpdateSettings,
    /** The components as the BMC reports them now (the firmware interface's reading). */
    private readonly read: (task: ExclusiveTask) => Promise<FirmwareComponentReading[]>,
  ) {}

  async run(task: ExclusiveTask, updates: FirmwareUpdateSetting[]): Promise<void> {
    const info = this.systems.info(task.node);
    const action = await this.simpleUpdateTarget(info);
    const deadline = this.overallDeadline(task);
    let rebootRequested = false;
    for (const [index, update] of updates.entries()) {
      // Ironic clears the request as each update is set up: only the last one's counts.
      rebootRequested = await this.one(task, info, action, update, index < updates.length - 1, deadline);
      await this.awaitStableBmc(task);
    }
    if (rebootRequested) await this.reboot(task);
    // As Ironic, a failure to re-read the components does not fail an update that was done.
    await this.read(task)
      .then((readings) => task.firmwareComponents?.sync(readings))
      .catch(() => undefined);
  }

  /** One component: submit, follow its task, then what its kind needs. Returns whether it asks for a reboot at the end. */
  private async one(task: ExclusiveTask, info: RedfishDriverInfo, action: string, update: FirmwareUpdateSetting, more: boolean, deadline: () => void): Promise<boolean> {
    const kind = componentType(update.component);
    const submitted = Date.now();
    const bmcBefore = kind === 'bmc' ? await this.bmcVersion(task) : undefined;
    const monitor = await this.submit(task, info, action, update);
    let rebooted = false;
    let startingSince: number | undefined;
    for (;;) {
      deadline();
      const view = await this.taskView(info, monitor);
      if (view === 'gone') {
        // The BMC purged the task: Ironic assumes the update went through (a BIOS image still needs its reboot).
        break;
      }
      if (view !== 'unanswered' && !IN_PROGRESS.includes(view.state)) {
        if (view.state !== 'Completed' || !['OK', 'Warning'].includes(view.status ?? '')) {
          throw new RedfishError({ message: `Firmware update failed for node ${task.node.uuid}, firmware ${update.url}. Error: ${view.messages.join(',  ')}` });
        }
        break;
      }
      if (view !== 'unanswered' && !rebooted && kind === 'bios' && STARTED.includes(view.state)) {
        await this.reboot(task);
        rebooted = true;
      }
      if (view !== 'unanswered' && kind === 'nic') {
        // Ironic's _handle_nic_task_starting: a NIC stuck Starting needs a reboot to start; one seen Running needs one after it ends.
        if (view.state === 'Running') [rebooted, startingSince] = [false, undefined];
        if (view.state === 'Starting' && !rebooted) {
          startingSince ??= Date.now();
          if (Date.now() - startingSince >= this.settings.nicStartingWaitS * 1000) {
            await this.reboot(task);
            rebooted = true;
          }
        }
      }
      await sleep(this.settings.statusIntervalMs);
    }
    if (kind === 'bios' && !rebooted) await this.reboot(task);
    if (kind === 'bmc') return this.afterBmcUpdate(task, bmcBefore, submitted + (update.wait ?? this.settings.rebootDelayS) * 1000, more, deadline);
    if (update.wait) await sleep(update.wait * 1000);
    // A NIC's update applies at a reboot, unless the one that started it is its last (Ironic asks for it too when the task ended unseen).
    return kind === 'nic' && !rebooted;
  }

  /**
   * Ironic's _handle_bmc_update_completion: the BMC's version is checked until it changes (done; with more
   * components to go, the node reboots first, as some NICs only update after that) or the wait ends (the same
   * version: a no-op, no reboot; unreadable: a reboot at the end). Ironic first sleeps the whole wait; here the
   * first check comes at once, so a BMC that has already switched versions costs no time.
   */
  private async afterBmcUpdate(task: ExclusiveTask, before: string | undefined, until: number, more: boolean, deadline: () => void): Promise<boolean> {
    for (;;) {
      deadline();
      const current = await this.bmcVersion(task);
      if (current !== undefined && before !== undefined && current !== before) {
        if (more) await this.reboot(task);
        return false;
      }
      if (Date.now() >= until) return !(current !== undefined && current === before);
      await sleep(Math.min(this.settings.bmcVersionCheckIntervalMs, Math.max(0, until - Date.now())));
    }
  }

  /** The SimpleUpdate action of the BMC's UpdateService (sushy's errors when either is missing). */
  private async simpleUpdateTarget(info: RedfishDriverInfo): Promise<string> {
    const service = at(await this.systems.client.get(info, '/redfish/v1/'), 'UpdateService', '@odata.id');
    if (typeof service !== 'string') throw new RedfishError({ message: 'Redfish exception occurred. Error: The attribute UpdateService/@odata.id is missing from the resource /redfish/v1/' });
    const target = at(await this.systems.client.get(info, service), 'Actions', '#UpdateService.SimpleUpdate', 'target');
    if (typeof target !== 'string') throw new RedfishError({ message: `Redfish exception occurred. Error: The attribute #UpdateService.SimpleUpdate is missing from the resource ${service}` });
    return target;
  }

  /**
   * Ironic's _submit_simple_update: the image from where it is (firmware_source http, Ironic's default; Ferrum
   * stages nothing), the node's system as the Target when the BMC has several. Returns the URI to poll:
   * the Task the answer names, else its Location (as sushy's TaskMonitor.from_response).
   */
  private async submit(task: ExclusiveTask, info: RedfishDriverInfo, action: string, update: FirmwareUpdateSetting): Promise<string> {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(update.url)?.[1].toLowerCase() ?? '';
    if (scheme !== 'http' && scheme !== 'https') throw new InvalidParameterValue({ message: `${scheme} is not supported for ${update.url}.` });
    const systemsCollection = at(await this.systems.client.get(info, '/redfish/v1/'), 'Systems', '@odata.id');
    const count = memberLinks(await this.systems.client.get(info, typeof systemsCollection === 'string' ? systemsCollection : '/redfish/v1/Systems')).length;
    const systemId = task.node.driver_info.redfish_system_id;
    const targets = count > 1 && typeof systemId === 'string' ? { Targets: [systemId] } : {};
    // sushy sends HTTP whatever the scheme: the transfer protocol is the URL's.
    const reply = await this.systems.client.post(info, action, { ImageURI: update.url, TransferProtocol: 'HTTP', ...targets });
    const location = typeof reply.headers.location === 'string' ? reply.headers.location : undefined;
    const taskUri = at(reply.body, '@odata.id');
    if (!location && typeof taskUri !== 'string') throw new RedfishError({ message: `Redfish exception occurred. Error: Response to ${action} did not contain a Location header` });
    const uri = new URL(typeof taskUri === 'string' ? taskUri : location!, new URL(location ?? action, info.origin));
    return `${uri.pathname}${uri.search}`;
  }

  /** The task behind its monitor or Task URI. A monitor's 204 is the end of an action that answers nothing: done. */
  private async taskView(info: RedfishDriverInfo, uri: string): Promise<TaskView> {
    let reply;
    try {
      reply = await this.systems.client.request(info, 'GET', uri);
    } catch (err) {
      // The client words an HTTP error "… returned code 404. …"; anything else (a BMC rebooting into new firmware) is retried.
      return err instanceof RedfishError && / returned code 404\b/.test(err.message) ? 'gone' : 'unanswered';
    }
    if (reply.status === 204 || !reply.body) return { state: 'Completed', status: 'OK', messages: [] };
    const messages = (Array.isArray(reply.body.Messages) ? (reply.body.Messages as unknown[]) : []).map((m) => {
      const text = at(m, 'Message');
      const id = at(m, 'MessageId');
      return typeof text === 'string' && text && !['unknown', 'unknown error'].includes(text.toLowerCase()) ? text : typeof id === 'string' ? id : '';
    });
    return { state: typeof reply.body.TaskState === 'string' ? reply.body.TaskState : 'Completed', status: typeof reply.body.TaskStatus === 'string' ? reply.body.TaskStatus : undefined, messages: messages.filter(Boolean) };
  }

  private async bmcVersion(task: ExclusiveTask): Promise<string | undefined> {
    const readings = await this.read(task).catch(() => []);
    return readings.find((r) => r.component === 'bmc')?.current_version ?? undefined;
  }

  /** Ironic's _check_overall_timeout, as a check to call between polls. */
  private overallDeadline(task: ExclusiveTask): () => void {
    const started = Date.now();
    const limit = this.settings.overallTimeoutS;
    return () => {
      const elapsed = (Date.now() - started) / 1000;
      if (limit > 0 && elapsed >= limit) {
        throw new RedfishError({ message: `Firmware update on node ${task.node.uuid} has exceeded the overall timeout of ${limit} seconds. Elapsed time: ${Math.floor(elapsed)} seconds.` });
      }
    };
  }

  /** Ironic's _validate_resources_stability: the system and its manager answer so many times in a row before going on. */
  private async awaitStableBmc(task: ExclusiveTask): Promise<void> {
    const { requiredSuccesses, resourceValidationTimeoutS: timeoutS, validationIntervalMs } = this.settings;
    if (requiredSuccesses === 0 || timeoutS === 0) return;
    const end = Date.now() + timeoutS * 1000;
    let successes = 0;
    let last: unknown;
    while (Date.now() < end) {
      try {
        const { info, system } = await this.systems.get(task.node);
        const manager = at(system, 'Links', 'ManagedBy', '0', '@odata.id');
        if (typeof manager === 'string') await this.systems.client.get(info, manager);
        if (++successes >= requiredSuccesses) return;
      } catch (err) {
        successes = 0;
        last = err;
      }
      await sleep(validationIntervalMs);
    }
    const why = last instanceof Error ? `, last error: ${last.message}` : '';
    throw new RedfishError({ message: `Redfish exception occurred. Error: BMC resources failed to stabilize within ${timeoutS} seconds for node ${task.node.uuid}${why}` });
  }

  /** Ironic's node_power_action(REBOOT): a reboot, or a power on when the node is off; recorded as a power action. */
  private async reboot(task: ExclusiveTask): Promise<void> {
    const state = await need(task, 'power').getPowerState(task);
    await agentPower(task, state === POWER_ON ? REBOOT : POWER_ON);
  }
}
