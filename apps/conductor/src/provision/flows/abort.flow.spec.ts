import { DriverRegistry } from '@ferrum/drivers';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { AbortFlow } from './abort.flow';
import type { FlowDeps } from './flow';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps: FlowDeps = { drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
const node = (fields = {}) => fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), ...fields });

describe('abort flow: what each state records', () => {
  it("aborts a deploy waiting for the agent (1.110) in Ironic's words, its step and the agent's URL gone", () => {
    const entry = new AbortFlow(deps).entry(
      node({
        provision_state: 'wait call-back',
        deploy_step: { interface: 'deploy', step: 'write_image', priority: 80 },
        driver_internal_info: { deploy_steps: [{ step: 'write_image' }], deploy_step_index: 1, agent_url: 'http://10.0.0.5:9999', keep: 1 },
      }),
    );
    expect(entry).toEqual({
      last_error: 'By request, the deploy operation was aborted during or after the completion of step "deploy.write_image"',
      deploy_step: {},
      driver_internal_info: { keep: 1, deploy_steps: null },
    });
  });

  it('names no step when none was running, and keeps the other states\' own words', () => {
    expect(new AbortFlow(deps).entry(node({ provision_state: 'clean wait', clean_step: {} }))).toEqual({ last_error: 'By request, the clean operation was aborted' });
    expect(new AbortFlow(deps).entry(node({ provision_state: 'rescue wait' }))).toEqual({ last_error: 'By request, the rescue operation was aborted.' });
  });

  it('cleans up what the deploy prepared once the node is in deploy failed', async () => {
    const task = fakeTask(node({ provision_state: 'deploy failed', target_provision_state: 'active' }), drivers);
    const cleanUp = jest.spyOn(drivers.get(task.node, 'deploy'), 'cleanUp');
    await new AbortFlow(deps).run(task);
    expect(cleanUp).toHaveBeenCalledTimes(1);
  });
});
