import type { NodeRecord, ProvisionRequestParams } from '@ferrum/contracts';
import { NodeInMaintenance, NodeProtected } from '@ferrum/errors';
import type { NodeTask } from '../../locks/task-manager';
import { FlowDeps, ProvisionFlow, checker, describeError, fail } from './flow';
import { deploySteps, runDeploySteps, templateSteps, wipeDeployInfo } from './steps';

/** deploy and rebuild: prepare the deploy interface, then run the deploy steps (templates' and the user's applied to the driver's). */
export class DeployFlow implements ProvisionFlow {
  constructor(
    private readonly deps: FlowDeps,
    private readonly rebuild = false,
  ) {}

  async validate(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    const { node } = task;
    if (node.maintenance) throw new NodeInMaintenance({ op: 'provisioning', node: node.uuid });
    if (this.rebuild && node.protected) throw new NodeProtected({ node: node.uuid });
    const check = checker(this.deps, task);
    await check('power');
    await check('deploy');
    await check('boot');
    // An unknown user or template step is a 400 now, before the transition is saved.
    deploySteps(this.deps, task, params, await templateSteps(this.deps, node));
  }

  entry(node: NodeRecord, params: ProvisionRequestParams) {
    return params.configdrive ? { instance_info: { ...node.instance_info, configdrive: params.configdrive as never } } : {};
  }

  async run(task: NodeTask, params: ProvisionRequestParams): Promise<void> {
    // Templates are read again: they may have changed since the request was validated (as Ironic does).
    const steps = deploySteps(this.deps, task, params, await templateSteps(this.deps, task.node));
    const deploy = this.deps.drivers.get(task.node, 'deploy');
    try {
      await task.save({ driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
      await deploy.prepare(task);
      await task.save({ driver_internal_info: { ...task.node.driver_internal_info, deploy_steps: steps as never } });
    } catch (err) {
      await fail(task, `Deploy step failed on node ${task.node.uuid}: ${describeError(err)}`, { deploy_step: {}, driver_internal_info: wipeDeployInfo(task.node.driver_internal_info) });
      return;
    }
    await runDeploySteps(this.deps, task, steps, 0);
  }
}
