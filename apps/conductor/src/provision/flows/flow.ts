import type { DeployTemplateStep } from '@ferrum/contracts';
import type { NodeRecord, ProvisionRequestParams } from '@ferrum/contracts';
import type { DriverRegistry, InspectionResult } from '@ferrum/drivers';
import { InvalidParameterValue } from '@ferrum/errors';
import { ProvisionEvent, next } from '@ferrum/state-machines';
import type { NodeTask } from '../../locks/task-manager';

/**
 * One provision verb, as Ironic splits its conductor manager: `validate` runs under the node's lock
 * before the transition is saved (its failure is the API's 4xx, and nothing has changed yet), `entry`
 * gives the fields saved with the transition, and `run` is what the worker does afterwards, still
 * holding the lock. Each flow moves the node on with internal events (done, wait, fail), saving every
 * state before acting, and records its own failures on the node.
 */
export interface ProvisionFlow {
  validate(task: NodeTask, params: ProvisionRequestParams): Promise<void>;
  entry(node: NodeRecord, params: ProvisionRequestParams): Partial<Record<keyof NodeRecord, unknown>>;
  run(task: NodeTask, params: ProvisionRequestParams): Promise<void>;
}

/** What flows need from the conductor. */
export interface FlowDeps {
  drivers: DriverRegistry;
  /** [conductor]automated_clean: whether a node with automated_clean unset is cleaned on provide and undeploy. */
  automatedCleanDefault: boolean;
  /** Saves an out-of-band inspection's properties and ports under the task's lock. */
  saveInspection(task: NodeTask, result: InspectionResult): Promise<void>;
  /** Where a failed inspection abort is reported (the service logs it). */
  onAbortError(node: string, err: unknown): void;
  /** Where a `wait` step asking for more than the maximum is reported (Ironic records it in the node's history). */
  onWaitCapped?(node: string, requested: number, maximum: number): void;
  /** Where a failure to read the BIOS settings in force is reported (logged; the flow goes on, as Ironic's). */
  onBiosCacheError?(node: string, err: unknown): void;
  /** The same for firmware components (an interface without them is not asked). */
  onFirmwareCacheError?(node: string, err: unknown): void;
  /** The steps of the deploy templates named by these traits, in template order (none when absent). */
  deployTemplateSteps?(traits: string[]): Promise<DeployTemplateStep[]>;
  /** Deletes an allocation whose node is being unprovisioned (the node's lock is held). */
  releaseAllocation?(uuid: string): Promise<void>;
}

export const describeError = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Applies an event to the node under the task's lock and saves the new state and target. */
export async function advance(task: NodeTask, event: ProvisionEvent, extra: Record<string, unknown> = {}): Promise<void> {
  const to = next(task.node, event);
  // provision_updated_at and the inspection times follow from provision_state in NodeRepository.updateLocked.
  await task.save({ provision_state: to.state, target_provision_state: to.target, ...extra });
}

export async function fail(task: NodeTask, message: string, extra: Record<string, unknown> = {}): Promise<void> {
  await advance(task, 'fail', { last_error: message, ...extra });
}

/** A flow with no checks, no entry fields and nothing to run after its transition. */
export const nothingMore: ProvisionFlow = {
  validate: async () => undefined,
  entry: () => ({}),
  run: async () => undefined,
};

/** `check('power')`: the driver interface's validate on the task, as Ironic's task.driver.<iface>.validate. */
export function checker(deps: FlowDeps, task: NodeTask) {
  return (kind: Parameters<DriverRegistry['get']>[1]) => deps.drivers.get(task.node, kind).validate(task);
}

/**
 * Ironic's check before a manual clean or a service starts: the power and network interfaces validate, else
 * InvalidParameterValue "Validation of node <uuid> for <what> failed: …" (other errors pass as they are).
 */
export async function checkPowerAndNetwork(deps: FlowDeps, task: NodeTask, what: string): Promise<void> {
  const check = checker(deps, task);
  try {
    await check('power');
    await check('network');
  } catch (err) {
    if (!(err instanceof InvalidParameterValue)) throw err;
    throw new InvalidParameterValue({ message: `Validation of node ${task.node.uuid} for ${what} failed: ${err.message}` });
  }
}
