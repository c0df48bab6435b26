import { DriverRegistry } from '@ferrum/drivers';
import { fakeNode, fakeTask } from '@ferrum/testing';
import type { FlowDeps } from './flow';
import { ServiceFlow } from './service.flow';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps: FlowDeps = { drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
const activeNode = () =>
  fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), provision_state: 'servicing', target_provision_state: 'active' });

describe('service flow', () => {
  const STEPS = [{ interface: 'vendor', step: 'log_passthrough' }];

  it('prepares the node for the agent and returns it to its instance around the steps', async () => {
    const task = fakeTask(activeNode(), drivers);
    const deploy = drivers.get(task.node, 'deploy') as { prepareService?: unknown; tearDownService?: unknown };
    const prepare = jest.fn().mockResolvedValue(undefined);
    const tearDown = jest.fn().mockResolvedValue(undefined);
    Object.assign(deploy, { prepareService: prepare, tearDownService: tearDown });
    try {
      await new ServiceFlow(deps).run(task, { service_steps: STEPS });
      expect(task.node).toMatchObject({ provision_state: 'active', service_step: {} });
      expect([prepare.mock.calls.length, tearDown.mock.calls.length]).toEqual([1, 1]);

      // 1.108 disable_ramdisk: the steps run out of band; nothing is booted or torn down.
      const outOfBand = fakeTask(activeNode(), drivers);
      await new ServiceFlow(deps).run(outOfBand, { service_steps: STEPS, disable_ramdisk: true });
      expect(outOfBand.node).toMatchObject({ provision_state: 'active', last_error: null });
      expect([prepare.mock.calls.length, tearDown.mock.calls.length]).toEqual([1, 1]);
    } finally {
      delete deploy.prepareService;
      delete deploy.tearDownService;
    }
  });
});
