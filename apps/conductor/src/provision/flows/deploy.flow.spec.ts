import { DriverRegistry } from '@ferrum/drivers';
import { InvalidParameterValue, NodeInMaintenance, NodeProtected } from '@ferrum/errors';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { DeployFlow } from './deploy.flow';
import type { FlowDeps } from './flow';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps = (over: Partial<FlowDeps> = {}): FlowDeps => ({ drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn(), ...over });
const deploying = (fields = {}) =>
  fakeTask(fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), provision_state: 'deploying', target_provision_state: 'active', ...fields }), drivers);

describe('deploy flow', () => {
  it('refuses before anything changes: maintenance, a protected node on rebuild, an unknown user step', async () => {
    await expect(new DeployFlow(deps()).validate(deploying({ maintenance: true }), {})).rejects.toBeInstanceOf(NodeInMaintenance);
    await expect(new DeployFlow(deps(), true).validate(deploying({ protected: true }), {})).rejects.toBeInstanceOf(NodeProtected);
    const task = deploying();
    const bad = new DeployFlow(deps()).validate(task, { deploy_steps: [{ interface: 'deploy', step: 'nope', priority: 1 }] });
    await expect(bad).rejects.toThrow(InvalidParameterValue);
    await expect(bad).rejects.toThrow(/available: deploy\.deploy/);
    expect(task.saves).toEqual([]);
  });

  it('keeps the config drive with the transition', () => {
    const node = fakeNode({ instance_info: { image_source: 'http://img' } });
    expect(new DeployFlow(deps()).entry(node, { configdrive: 'H4sI' })).toEqual({ instance_info: { image_source: 'http://img', configdrive: 'H4sI' } });
    expect(new DeployFlow(deps()).entry(node, {})).toEqual({});
  });

  it('runs the deploy steps to active, recording each step, and wipes the step state at the end', async () => {
    const task = deploying({ driver_internal_info: { deploy_step_index: 3, agent_command: 'x' } });
    await new DeployFlow(deps()).run(task, {});
    expect(task.node).toMatchObject({ provision_state: 'active', target_provision_state: null, deploy_step: {} });
    expect(task.node.driver_internal_info).toEqual({ deploy_steps: null });
    expect(task.saves.map((s) => s.deploy_step).filter(Boolean)).toEqual([{ interface: 'deploy', step: 'deploy', priority: 100 }, {}]);
  });

  it('a user step with priority 0 turns the driver step off', async () => {
    const task = deploying();
    await new DeployFlow(deps()).run(task, { deploy_steps: [{ interface: 'deploy', step: 'deploy', priority: 0 }] });
    expect(task.node.provision_state).toBe('active');
    expect(task.saves.some((s) => (s.deploy_step as { step?: string } | undefined)?.step === 'deploy')).toBe(false);
  });

  it('a failing prepare ends in deploy failed with the reason, the step state wiped', async () => {
    const broken = { get: (node: never, kind: string) => (kind === 'deploy' ? { prepare: () => Promise.reject(new Error('no image')) } : drivers.get(node, kind as never)), steps: drivers.steps.bind(drivers) };
    const task = deploying({ driver_internal_info: { deploy_step_index: 1 } });
    await new DeployFlow(deps({ drivers: broken as unknown as DriverRegistry })).run(task, {});
    expect(task.node).toMatchObject({ provision_state: 'deploy failed', last_error: `Deploy step failed on node ${task.node.uuid}: no image` });
    expect(task.node.driver_internal_info).toEqual({ deploy_steps: null });
  });
});
