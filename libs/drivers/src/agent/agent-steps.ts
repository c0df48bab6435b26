import { POWER_OFF, POWER_ON, REBOOT, naiveUtcNow, type Dict, type PowerTarget } from '@ferrum/contracts';
import { InstanceDeployFailure, InvalidParameterValue } from '@ferrum/errors';
import { type InterfaceByKind, otherInterface } from '../interfaces/interface-map';
import type { ExclusiveTask, SharedTask } from '../task';
import { AgentClient, AgentCommand, commandError } from './agent-client';
import { fastTrackEnabled } from './fast-track';

/** driver_internal_info keys that belong to one boot of the agent: a power off or reboot forgets them. */
export const AGENT_BOOT_KEYS = ['agent_secret_token', 'agent_url', 'agent_version', 'agent_verify_ca', 'agent_last_heartbeat', 'agent_command'];

/** driver_internal_info without the agent's per-boot keys (the token survives when it was pre-generated). */
export function withoutAgentBoot(info: Dict): Dict {
  const keep = info.agent_secret_token_pregenerated === true;
  return Object.fromEntries(Object.entries(info).filter(([k]) => !AGENT_BOOT_KEYS.includes(k) || (keep && k === 'agent_secret_token')));
}

/** Another interface of the node that an agent step drives (boot, power, management, network). */
export function need<K extends keyof InterfaceByKind>(task: SharedTask, kind: K): InterfaceByKind[K] {
  const found = otherInterface(task, kind);
  if (!found) throw new InvalidParameterValue({ message: `The agent deploy needs the node's ${kind} interface, which this task does not give` });
  return found;
}

/** A power action through the node's power interface, recorded as Ironic's node_power_action does (the agent goes with it). */
export async function agentPower(task: ExclusiveTask, target: PowerTarget): Promise<void> {
  // 1.95: a node that must stay on is not powered off between steps; the next boot is a reboot instead.
  if (target === POWER_OFF && task.node.disable_power_off) return;
  await need(task, 'power').setPowerState(task, target);
  await task.record?.({
    power_state: target === POWER_OFF ? POWER_OFF : POWER_ON,
    // A power action of Ironic's (node_power_action) stamps its time, whoever asked for it.
    driver_internal_info: { ...withoutAgentBoot(task.node.driver_internal_info), last_power_state_change: naiveUtcNow() },
  });
}

/**
 * Boots the machine into the agent, forgetting the previous one: through the boot interface when it prepares the
 * boot itself (virtual media; (i)PXE, which also writes the machine's iPXE configuration), else one-time PXE; then
 * a reboot (or power on).
 */
export async function bootIntoAgent(task: ExclusiveTask): Promise<void> {
  const boot = need(task, 'boot');
  if (boot.bootsRamdiskItself || boot.preparesNetworkBoot) await boot.prepareRamdisk(task, {});
  else await need(task, 'management').setBootDevice(task, 'pxe', false);
  const state = await need(task, 'power').getPowerState(task);
  await agentPower(task, state === POWER_ON ? REBOOT : POWER_ON);
}

/**
 * Ironic's is_fast_track: fast track is on for the node, the node has no error, an agent called back within
 * fast_track_timeout and has not been powered off since (its URL is still recorded), and the machine is on.
 * Then the agent running is used as it is: nothing is rebooted, and the operation goes on at its next heartbeat
 * (which brings the token: Ferrum keeps only its hash, so the conductor cannot call the agent before).
 */
export async function isFastTrack(task: SharedTask): Promise<boolean> {
  const settings = task.fastTrack;
  const node = task.node;
  if (!settings || node.last_error || !fastTrackEnabled(node.driver_info, settings.enabled)) return false;
  const info = node.driver_internal_info;
  const beat = typeof info.agent_last_heartbeat === 'string' ? parseNaiveUtc(info.agent_last_heartbeat) : NaN;
  if (!info.agent_url || !(Date.now() - beat <= settings.timeoutS * 1000)) return false;
  return (await need(task, 'power').getPowerState(task)) === POWER_ON;
}

/** A time Ironic keeps in driver_internal_info (naive UTC, microseconds) in ms since the epoch; NaN when unreadable. */
const parseNaiveUtc = (value: string): number => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`);

/** Whether an in-band step still has to boot the agent: none has called back, and no command of this boot is pending. */
export function agentAbsent(task: ExclusiveTask): boolean {
  return !task.agent?.url && !(task.node.driver_internal_info.agent_command as Dict | undefined);
}

/**
 * Starts an asynchronous agent command, or on a later heartbeat collects its outcome: 'wait' while it runs,
 * the finished command when it succeeded, InstanceDeployFailure with the agent's error when it failed.
 */
export async function runAgentCommand(task: ExclusiveTask, step: string, start: (client: AgentClient) => Promise<AgentCommand>): Promise<'wait' | AgentCommand> {
  const info = task.node.driver_internal_info;
  const url = task.agent?.url ?? (info.agent_url as string | undefined);
  if (!url) throw new InstanceDeployFailure({ message: `No agent has called back for node ${task.node.uuid}` });
  const client = new AgentClient(url, task.agent?.token, typeof info.agent_verify_ca === 'string' ? info.agent_verify_ca : undefined);
  const pending = info.agent_command as { id?: string; step?: string } | undefined;
  if (pending?.step === step && pending.id) {
    const status = await client.get(pending.id);
    if (status.command_status === 'RUNNING') return 'wait';
    await task.record?.({ driver_internal_info: Object.fromEntries(Object.entries(task.node.driver_internal_info).filter(([k]) => k !== 'agent_command')) });
    if (status.command_status !== 'SUCCEEDED') throw new InstanceDeployFailure({ message: `Agent failed step ${step}: ${commandError(status)}` });
    return status;
  }
  const started = await start(client);
  if (started.command_status === 'FAILED') throw new InstanceDeployFailure({ message: `Agent failed step ${step}: ${commandError(started)}` });
  await task.record?.({ driver_internal_info: { ...task.node.driver_internal_info, agent_command: { id: started.id, step } } });
  return 'wait';
}

/** The node as an in-band clean step gives it to the agent (IPA reads its properties, instance_info and RAID target). */
export function agentNode(task: SharedTask, extra: Dict = {}): Dict {
  const node = task.node;
  return { uuid: node.uuid, properties: node.properties, instance_info: node.instance_info, ...extra };
}
