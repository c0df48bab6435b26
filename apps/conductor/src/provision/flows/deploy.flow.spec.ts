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

  it("applies the steps of the deploy templates named by the instance's traits; a user step wins over a template's", async () => {
    const lookups: string[][] = [];
    const templates = deps({
      deployTemplateSteps: async (traits) => {
        lookups.push(traits);
        return traits.includes('CUSTOM_FAST') ? [{ interface: 'deploy', step: 'deploy', args: { fast: true }, priority: 0 }] : [];
      },
    });
    const off = deploying({ instance_info: { traits: ['CUSTOM_FAST'] } });
    await new DeployFlow(templates).run(off, {});
    expect(off.node.provision_state).toBe('active');
    expect(off.saves.some((s) => (s.deploy_step as { step?: string } | undefined)?.step === 'deploy')).toBe(false);
    expect(lookups).toEqual([['CUSTOM_FAST']]);

    const user = deploying({ instance_info: { traits: ['CUSTOM_FAST'] } });
    await new DeployFlow(templates).run(user, { deploy_steps: [{ interface: 'deploy', step: 'deploy', priority: 90 }] });
    expect(user.saves.map((s) => s.deploy_step).filter(Boolean)).toEqual([{ interface: 'deploy', step: 'deploy', priority: 90 }, {}]);

    lookups.length = 0;
    await new DeployFlow(templates).run(deploying(), {});
    expect(lookups).toEqual([]);
  });

  it("refuses a template step the node does not have, naming where it came from", async () => {
    const bad = deps({ deployTemplateSteps: async () => [{ interface: 'bios', step: 'apply_configuration', args: {}, priority: 10 }] });
    const task = deploying({ instance_info: { traits: ['CUSTOM_BIOS'] } });
    await expect(new DeployFlow(bad).validate(task, {})).rejects.toThrow(/from a deploy template matching the instance traits/);
    expect(task.saves).toEqual([]);
  });
});
