import { pyRepr, type Dict } from '@ferrum/contracts';
import { InstanceDeployFailure } from '@ferrum/errors';
import type { StepResult } from '../interfaces/deploy.interface';
import type { RaidInterface } from '../interfaces/optional.interfaces';
import { filterTargetRaidConfig, raidInfoChanges, validateRaidConfig, type RaidConfig } from '../raid/raid-config';
import { RAID_LOGICAL_DISK_PROPERTIES } from '../raid/raid-properties';
import { cleanStep, deployStep, serviceStep } from '../steps/step.decorators';
import type { ExclusiveTask, SharedTask } from '../task';
import type { AgentCommand } from './agent-client';
import { agentNode, bootIntoAgent, runAgentCommand } from './agent-steps';

/** Where a step runs as a service step (its agent command and result are the service ones). */
const SERVICING = ['servicing', 'service wait'];

/**
 * Ironic's AgentRAID: the RAID configuration is built in-band by the agent's hardware manager (IPA's
 * GenericHardwareManager: software RAID). Its two clean steps have the agent's priorities (0: manual cleaning
 * only; Ironic's [deploy]create/delete_configuration_priority are unset by default) and take no arguments,
 * as the agent declares none. Each step runs `clean.execute_clean_step` in the agent cleaning booted
 * (prepareCleaning; the step boots it itself if none is up) and records what the agent reports as Ironic's
 * post-step hooks do; the agent stays up for the steps after it and goes when cleaning ends (tearDownCleaning).
 */
/** Ironic's _RAID_APPLY_CONFIGURATION_ARGSINFO (agent.py): wire data. */
const APPLY_CONFIGURATION_ARGSINFO = {
  raid_config: { description: 'The RAID configuration to apply.', required: true },
  delete_existing: {
    description: "Setting this to 'True' indicates to delete existing RAID configuration prior to creating the new configuration. Default value is 'True'.",
    required: false,
  },
};

export class AgentRaid implements RaidInterface {
  getProperties() {
    return {};
  }

  getLogicalDiskProperties() {
    return { ...RAID_LOGICAL_DISK_PROPERTIES };
  }

  async validate(task: SharedTask): Promise<void> {
    if (Object.keys(task.node.target_raid_config ?? {}).length) validateRaidConfig(task.node.target_raid_config);
  }

  validateRaidConfig(_task: SharedTask, config: Dict): void {
    validateRaidConfig(config);
  }

  /**
   * Ironic's AgentRAID.apply_configuration, a deploy step (priority 0: only when a deploy template or the user's
   * deploy_steps ask for it) and a service step (API 1.87, on an active node, in the agent servicing boots): the
   * given configuration is checked against the schema, built by the agent (IPA deletes what exists first unless
   * delete_existing is false) and recorded; the agent stays up for the steps after it.
   */
  @deployStep({ priority: 0, argsinfo: APPLY_CONFIGURATION_ARGSINFO })
  @serviceStep({ priority: 0, argsinfo: APPLY_CONFIGURATION_ARGSINFO })
  async apply_configuration(task: ExclusiveTask, args: { raid_config?: unknown; delete_existing?: unknown } = {}): Promise<StepResult> {
    validateRaidConfig(args.raid_config ?? null);
    const kind = SERVICING.includes(task.node.provision_state) ? 'service' : 'deploy';
    const current = (kind === 'service' ? task.node.service_step : task.node.deploy_step) as { priority?: number };
    const step = { step: 'apply_configuration', interface: 'raid', priority: current.priority ?? 0, args: { raid_config: args.raid_config, delete_existing: args.delete_existing ?? true } } as unknown as Dict;
    const done = await this.inBand(task, 'apply_configuration', {}, { command: `${kind}.execute_${kind}_step`, step });
    if (done === 'wait') return 'wait';
    await this.record(task, done, `${kind}_result`);
  }

  @cleanStep({ priority: 0, abortable: true })
  async create_configuration(task: ExclusiveTask): Promise<StepResult> {
    // Ironic's filter_target_raid_config: refused before anything runs when there is nothing to build.
    const target = filterTargetRaidConfig(task.node);
    const done = await this.inBand(task, 'create_configuration', { target_raid_config: target as unknown as Dict });
    if (done === 'wait') return 'wait';
    await this.record(task, done, 'clean_result');
  }

  @cleanStep({ priority: 0, abortable: true })
  async delete_configuration(task: ExclusiveTask): Promise<StepResult> {
    const done = await this.inBand(task, 'delete_configuration');
    if (done === 'wait') return 'wait';
    // Ironic's _delete_configuration_final: no RAID left, so no root device hint from it either.
    const properties = Object.fromEntries(Object.entries(task.node.properties).filter(([k]) => k !== 'root_device'));
    await task.record?.({ raid_config: {}, properties });
  }

  /**
   * Ironic's _create_configuration_final: the agent's result is the configuration now on the machine,
   * recorded as update_raid_info does; an empty one is refused with Ironic's words.
   */
  private async record(task: ExclusiveTask, done: AgentCommand, key: 'clean_result' | 'deploy_result' | 'service_result'): Promise<void> {
    const result = done.command_result?.[key];
    if (!result || typeof result !== 'object' || !Object.keys(result).length) {
      throw new InstanceDeployFailure({
        message: `Agent ramdisk didn't return a proper command result while building RAID on ${task.node.uuid}. It returned '${pyRepr(done)}' after command execution.`,
      });
    }
    await task.record?.(raidInfoChanges(task.node, result as RaidConfig));
  }

  /**
   * Boots the agent when none is up (this step resumes on its heartbeat), else runs the step there. A failed
   * command leaves the machine as it is, as Ironic's cleaning error handler does after a failed step (fault
   * `clean failure`): the next clean reboots into a fresh agent (prepareCleaning).
   */
  private async inBand(
    task: ExclusiveTask,
    step: string,
    node: Dict = {},
    how: { command: string; step: Dict } = { command: 'clean.execute_clean_step', step: { step, interface: 'raid', priority: 0, args: {} } },
  ): Promise<'wait' | AgentCommand> {
    const info = task.node.driver_internal_info;
    if (!info.agent_url && !info.agent_command) {
      await bootIntoAgent(task);
      return 'wait';
    }
    return runAgentCommand(task, step, (client) =>
      client.execute(how.command, { step: how.step, node: agentNode(task, node), ports: [], [`${how.command.split('.')[0]}_version`]: null }),
    );
  }
}
