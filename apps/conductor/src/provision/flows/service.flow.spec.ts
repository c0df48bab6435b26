import { DriverRegistry } from '@ferrum/drivers';
import { fakeNode, fakeTask } from '@ferrum/testing';
import type { FlowDeps } from './flow';
import { ServiceFlow, runServiceSteps } from './service.flow';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps: FlowDeps = { drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
const activeNode = () =>
  fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), provision_state: 'servicing', target_provision_state: 'active' });

describe('service flow', () => {
  /** trigger_servicewait needs the agent; log_passthrough does not (Ironic's fake service steps). */
  const IN_BAND = [{ interface: 'vendor', step: 'trigger_servicewait' }];
  const OUT_OF_BAND = [{ interface: 'vendor', step: 'log_passthrough' }];
  let deploy: { prepareService?: unknown; tearDownService?: unknown };
  let prepare: jest.Mock;
  let tearDown: jest.Mock;
  beforeEach(() => {
    deploy = drivers.get(activeNode(), 'deploy');
    prepare = jest.fn().mockResolvedValue('wait');
    tearDown = jest.fn().mockResolvedValue(undefined);
    Object.assign(deploy, { prepareService: prepare, tearDownService: tearDown });
  });
  afterEach(() => {
    delete deploy.prepareService;
    delete deploy.tearDownService;
  });

  it('prepares the node for the agent when a step needs it, and waits for the agent in service wait', async () => {
    const task = fakeTask(activeNode(), drivers);
    await new ServiceFlow(deps).run(task, { service_steps: IN_BAND });
    expect(task.node).toMatchObject({ provision_state: 'service wait', service_step: {}, last_error: null });
    expect(task.node.driver_internal_info).toMatchObject({ service_disable_ramdisk: false, service_steps: [expect.objectContaining({ step: 'trigger_servicewait', requires_ramdisk: true })] });
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('runs steps that need no agent beside the instance, as Ironic 2026.1: nothing booted or torn down', async () => {
    const task = fakeTask(activeNode(), drivers);
    await new ServiceFlow(deps).run(task, { service_steps: OUT_OF_BAND });
    expect(task.node).toMatchObject({ provision_state: 'active', service_step: {}, last_error: null });
    expect([prepare.mock.calls.length, tearDown.mock.calls.length]).toEqual([0, 0]);

    // 1.108 disable_ramdisk: the same, asked for.
    const outOfBand = fakeTask(activeNode(), drivers);
    await new ServiceFlow(deps).run(outOfBand, { service_steps: OUT_OF_BAND, disable_ramdisk: true });
    expect(outOfBand.node).toMatchObject({ provision_state: 'active', last_error: null });
    expect([prepare.mock.calls.length, tearDown.mock.calls.length]).toEqual([0, 0]);
  });

  it("refuses, in Ironic's words, a step that needs the agent with disable_ramdisk, and wrong arguments", async () => {
    const task = fakeTask(activeNode(), drivers);
    await new ServiceFlow(deps).run(task, { service_steps: IN_BAND, disable_ramdisk: true });
    expect(task.node).toMatchObject({
      provision_state: 'service failed',
      last_error: `Cannot service node ${task.node.uuid}: service step {'interface': 'vendor', 'step': 'trigger_servicewait'} requires booting a ramdisk`,
    });
    const withArgs = fakeTask(activeNode(), drivers);
    await new ServiceFlow(deps).run(withArgs, { service_steps: [{ ...OUT_OF_BAND[0], args: { speed: 'fast' } }] });
    expect(withArgs.node.last_error).toBe(
      `Cannot service node ${withArgs.node.uuid}: service step {'interface': 'vendor', 'step': 'log_passthrough', 'args': {'speed': 'fast'}} has these unexpected arguments: speed`,
    );
    expect(prepare).not.toHaveBeenCalled();
  });

  it('sets the fault before tearing down after a failed step, so the agent deploy leaves the machine as it is', async () => {
    const task = fakeTask(activeNode(), drivers);
    let faultSeen: unknown;
    tearDown.mockImplementation(async () => (faultSeen = task.node.fault));
    const failing = jest.spyOn(drivers.get(task.node, 'vendor') as unknown as { log_passthrough: () => Promise<void> }, 'log_passthrough').mockRejectedValue(new Error('BMC said no'));
    try {
      // The agent is up (as after prepare_service and its heartbeat), so the tear-down is the agent deploy's.
      task.node.driver_internal_info = { ...task.node.driver_internal_info, service_disable_ramdisk: false };
      await runServiceSteps(deps, task, [{ interface: 'vendor', step: 'log_passthrough', priority: 0, argsinfo: null, abortable: false, args: {} }] as never, 0);
    } finally {
      failing.mockRestore();
    }
    expect(faultSeen).toBe('service failure');
    expect(task.node).toMatchObject({ provision_state: 'service failed', maintenance: true, fault: 'service failure', service_step: {} });
    expect(task.node.last_error).toMatch(/failed step .*log_passthrough.*BMC said no/);
    expect(task.node.maintenance_reason).toBe(task.node.last_error);
  });
});

