import { DriverRegistry } from '@ferrum/drivers';
import { Invalid, NodeInMaintenance } from '@ferrum/errors';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { AbortFlow } from './abort.flow';
import { CleanFlow } from './clean.flow';
import type { FlowDeps } from './flow';
import { ProvideFlow } from './provide.flow';
import { resumeSteps } from './resume';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps: FlowDeps = { drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
const node = (fields = {}) => fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), ...fields });

describe('manual clean flow', () => {
  it('refuses a node in maintenance and a request without steps, before anything changes', async () => {
    await expect(new CleanFlow(deps).validate(fakeTask(node({ maintenance: true }), drivers), { clean_steps: [{ interface: 'bios', step: 'factory_reset' }] })).rejects.toBeInstanceOf(NodeInMaintenance);
    await expect(new CleanFlow(deps).validate(fakeTask(node(), drivers), { clean_steps: [] })).rejects.toThrow(Invalid);
  });

  it('runs exactly the steps asked for and goes back to manageable', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: [{ interface: 'bios', step: 'factory_reset' }] });
    expect(task.node).toMatchObject({ provision_state: 'manageable', clean_step: {}, last_error: null });
    expect(task.saves.map((s) => s.clean_step).filter((s) => s && Object.keys(s).length)).toEqual([{ interface: 'bios', step: 'factory_reset', priority: 0 }]);
  });

  it('ends in clean failed naming every bad step (unknown, unexpected or missing arguments), as Ironic joins them', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, {
      clean_steps: [
        { interface: 'bios', step: 'nope' },
        { interface: 'bios', step: 'apply_configuration', args: { colour: 'red' } },
      ],
    });
    expect(task.node.provision_state).toBe('clean failed');
    expect(task.node.last_error).toBe(
      `Cannot clean node ${task.node.uuid}: node does not support this clean step: {'interface': 'bios', 'step': 'nope'}; ` +
        `clean step {'interface': 'bios', 'step': 'apply_configuration', 'args': {'colour': 'red'}} has these unexpected arguments: colour; ` +
        `clean step {'interface': 'bios', 'step': 'apply_configuration', 'args': {'colour': 'red'}} is missing these required arguments: settings (List of BIOS settings, each item needs to contain a dictionary with name/value pairs)`,
    );
  });
});

describe('provide flow (automated clean)', () => {
  it('refuses a retired node', async () => {
    await expect(new ProvideFlow(deps).validate(fakeTask(node({ retired: true }), drivers))).rejects.toThrow(/it is retired/);
  });

  it('cleans with the steps of priority > 0 and becomes available; skipped when automated_clean is off', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'available' }), drivers);
    await new ProvideFlow(deps).run(task);
    expect(task.node).toMatchObject({ provision_state: 'available', target_provision_state: null });
    const skipped = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'available', automated_clean: false }), drivers);
    await new ProvideFlow(deps).run(skipped);
    expect(skipped.node.provision_state).toBe('available');
    expect(skipped.saves).toEqual([{ provision_state: 'available', target_provision_state: null, clean_step: {} }]);
  });
});

/**
 * Ironic's cleaning lifecycle (cleaning.do_node_clean / do_next_clean_step, agent_base's _heartbeat_clean_wait):
 * a deploy interface that boots the agent (prepare_cleaning → CLEANWAIT) leaves the node in `clean wait` with no
 * clean step until the agent's first heartbeat, which runs the steps from the first; at the end (and on failure
 * or abort) cleaning is torn down. The fake deploy interface, as Ironic's, prepares nothing and does not wait.
 */
describe('cleaning around the agent (prepareCleaning / tearDownCleaning)', () => {
  const STEPS = [{ interface: 'bios', step: 'factory_reset' }];
  type Deploy = { prepareCleaning?: unknown; tearDownCleaning?: unknown };
  let deploy: Deploy;
  let prepare: jest.Mock;
  let tearDown: jest.Mock;
  let factoryReset: jest.SpyInstance;

  /** The fake deploy interface, given an agent deploy's cleaning hooks: prepare boots the agent and waits. */
  beforeEach(() => {
    deploy = drivers.get(node(), 'deploy');
    prepare = jest.fn().mockResolvedValue('wait');
    tearDown = jest.fn().mockResolvedValue(undefined);
    Object.assign(deploy, { prepareCleaning: prepare, tearDownCleaning: tearDown });
    factoryReset = jest.spyOn(drivers.get(node(), 'bios') as unknown as { factory_reset: () => Promise<void> }, 'factory_reset');
  });
  afterEach(() => {
    delete deploy.prepareCleaning;
    delete deploy.tearDownCleaning;
    factoryReset.mockRestore();
  });

  const heartbeat = async (task: ReturnType<typeof fakeTask>) => {
    task.agent = { token: 't', url: 'http://10.0.0.5:9999' };
    await resumeSteps(deps, task);
  };

  it('boots the agent before the first step of a manual clean, waits in clean wait with no step until its heartbeat, then tears down', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: STEPS });
    expect(task.node).toMatchObject({ provision_state: 'clean wait', target_provision_state: 'manageable', clean_step: {}, last_error: null });
    // Ironic stores the request's flag (and the steps as asked for) before preparing.
    expect(task.node.driver_internal_info).toMatchObject({ clean_steps: STEPS, cleaning_disable_ramdisk: false });
    expect([prepare.mock.calls.length, factoryReset.mock.calls.length, tearDown.mock.calls.length]).toEqual([1, 0, 0]);

    await heartbeat(task);
    expect(task.node).toMatchObject({ provision_state: 'manageable', target_provision_state: null, clean_step: {}, last_error: null });
    expect([prepare.mock.calls.length, factoryReset.mock.calls.length, tearDown.mock.calls.length]).toEqual([1, 1, 1]);
    expect(prepare.mock.invocationCallOrder[0]).toBeLessThan(factoryReset.mock.invocationCallOrder[0]);
    expect(factoryReset.mock.invocationCallOrder[0]).toBeLessThan(tearDown.mock.invocationCallOrder[0]);
    // cleaning → clean wait → cleaning (the heartbeat) → manageable; the step list wiped at the end, as Ironic's.
    expect(task.saves.map((s) => s.provision_state).filter(Boolean)).toEqual(['clean wait', 'cleaning', 'manageable']);
    expect(task.node.driver_internal_info).toEqual({ clean_steps: null });
  });

  it('does the same for automated cleaning (provide), its target available', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'available' }), drivers);
    await new ProvideFlow(deps).run(task);
    expect(task.node).toMatchObject({ provision_state: 'clean wait', target_provision_state: 'available', clean_step: {} });
    expect(tearDown).not.toHaveBeenCalled();
    await heartbeat(task);
    expect(task.node).toMatchObject({ provision_state: 'available', target_provision_state: null });
    expect([prepare.mock.calls.length, tearDown.mock.calls.length]).toEqual([1, 1]);
  });

  it('boots nothing and tears nothing down with disable_ramdisk (1.70): the steps run at once', async () => {
    // A step that needs no agent (fake's BIOS steps need one, as Ironic's; redfish's do not).
    const declared = drivers.steps.bind(drivers);
    const steps = jest.spyOn(drivers, 'steps').mockImplementation((...args) => declared(...args).map((s) => ({ ...s, requires_ramdisk: false })));
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: STEPS, disable_ramdisk: true });
    steps.mockRestore();
    expect(task.node).toMatchObject({ provision_state: 'manageable', last_error: null });
    expect(task.saves[0].driver_internal_info).toMatchObject({ cleaning_disable_ramdisk: true });
    expect([prepare.mock.calls.length, factoryReset.mock.calls.length, tearDown.mock.calls.length]).toEqual([0, 1, 0]);
    expect(task.saves.some((s) => s.provision_state === 'clean wait')).toBe(false);
  });

  it("refuses with disable_ramdisk a step that needs the agent, in Ironic's words, running nothing", async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: STEPS, disable_ramdisk: true });
    expect(task.node).toMatchObject({
      provision_state: 'clean failed',
      last_error: `Cannot clean node ${task.node.uuid}: clean step {'interface': 'bios', 'step': 'factory_reset'} requires booting a ramdisk`,
    });
    expect([prepare.mock.calls.length, factoryReset.mock.calls.length]).toEqual([0, 0]);
  });

  it("checks the steps asked for once the agent is up, failing in Ironic's words (and tearing down)", async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: [{ interface: 'bios', step: 'nope' }] });
    expect(task.node.provision_state).toBe('clean wait');
    await heartbeat(task);
    expect(task.node).toMatchObject({ provision_state: 'clean failed', target_provision_state: 'manageable', maintenance: false });
    expect(task.node.last_error).toBe("Node failed to start the first cleaning step: node does not support this clean step: {'interface': 'bios', 'step': 'nope'}");
    expect(tearDown).toHaveBeenCalledTimes(1);
  });

  it('tears down after a failed step with the fault already set (the agent deploy then leaves the machine as it is)', async () => {
    factoryReset.mockRejectedValue(new Error('BMC said no'));
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    let faultSeen: unknown;
    tearDown.mockImplementation(async (t: { node: { fault: unknown } }) => {
      faultSeen = t.node.fault;
    });
    await new CleanFlow(deps).run(task, { clean_steps: STEPS });
    await heartbeat(task);
    expect(task.node).toMatchObject({ provision_state: 'clean failed', maintenance: true, fault: 'clean failure', clean_step: {} });
    expect(faultSeen).toBe('clean failure');
  });

  it('tears down when a clean waiting for the agent is aborted, the step list wiped', async () => {
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: STEPS });
    await task.save({ provision_state: 'clean failed', ...new AbortFlow(deps).entry(task.node) });
    await new AbortFlow(deps).run(task);
    expect(task.node).toMatchObject({ provision_state: 'clean failed', last_error: 'By request, the clean operation was aborted', clean_step: {} });
    expect(task.node.driver_internal_info).toEqual({ clean_steps: null });
    expect(tearDown).toHaveBeenCalledTimes(1);
  });
});

describe('the fake deploy interface (as Ironic\'s FakeDeploy: prepare_cleaning returns None)', () => {
  it('does not wait: the steps run at once, never through clean wait', async () => {
    const deploy = drivers.get(node(), 'deploy') as { prepareCleaning?: unknown; tearDownCleaning?: unknown };
    expect([deploy.prepareCleaning, deploy.tearDownCleaning]).toEqual([undefined, undefined]);
    const task = fakeTask(node({ provision_state: 'cleaning', target_provision_state: 'manageable' }), drivers);
    await new CleanFlow(deps).run(task, { clean_steps: [{ interface: 'bios', step: 'factory_reset' }] });
    expect(task.node.provision_state).toBe('manageable');
    expect(task.saves.some((s) => s.provision_state === 'clean wait')).toBe(false);
  });
});
