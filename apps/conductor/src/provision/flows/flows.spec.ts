import { DriverRegistry } from '@ferrum/drivers';
import { NodeProtected } from '@ferrum/errors';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { DeleteFlow } from './delete.flow';
import type { FlowDeps } from './flow';
import { ManageFlow } from './manage.flow';
import { resumeSteps } from './resume';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const deps: FlowDeps = { drivers, automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
const node = (fields = {}) => fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), ...fields });

describe('delete (undeploy) flow', () => {
  it('refuses a protected node', async () => {
    await expect(new DeleteFlow(deps).validate(fakeTask(node({ protected: true }), drivers))).rejects.toBeInstanceOf(NodeProtected);
  });

  it('tears down, forgets the instance, cleans and ends available', async () => {
    const task = fakeTask(
      node({ provision_state: 'deleting', target_provision_state: 'available', instance_uuid: 'i-1', instance_name: 'web-1', instance_info: { image_source: 'x' }, driver_internal_info: { is_whole_disk_image: true, keep: 1 } }),
      drivers,
    );
    await new DeleteFlow(deps).run(task);
    expect(task.node).toMatchObject({ provision_state: 'available', instance_uuid: null, instance_name: null, instance_info: {} });
    expect(task.node.driver_internal_info).toEqual({ keep: 1, deploy_steps: null, clean_steps: null });
    expect(task.saves.map((s) => s.provision_state).filter(Boolean)).toEqual(['cleaning', 'available']);
  });
});

describe('manage flow (verify)', () => {
  it('verifies a node leaving enroll and records the power state it read', async () => {
    const bmc = { validate: async () => undefined, getPowerState: async () => 'power on' };
    const reading = { get: (_node: never, kind: string) => (kind === 'power' ? bmc : { validate: async () => undefined }) } as unknown as DriverRegistry;
    const task = fakeTask(node({ provision_state: 'verifying', target_provision_state: 'manageable', power_state: null }), drivers);
    await new ManageFlow({ ...deps, drivers: reading }).run(task);
    expect(task.node).toMatchObject({ provision_state: 'manageable', power_state: 'power on' });
    const refused = fakeTask(node({ provision_state: 'verifying', target_provision_state: 'manageable' }), drivers);
    await new ManageFlow({ ...deps, drivers: { get: () => ({ validate: () => Promise.reject(new Error('bad credentials')) }) } as unknown as DriverRegistry }).run(refused);
    expect(refused.node).toMatchObject({ provision_state: 'enroll', last_error: `Failed to verify node ${refused.node.uuid}: bad credentials` });
  });

  it('does nothing more for manage out of a failed state', async () => {
    const task = fakeTask(node({ provision_state: 'manageable' }), drivers);
    await new ManageFlow(deps).run(task);
    expect(task.saves).toEqual([]);
  });
});

describe('resume after an agent heartbeat', () => {
  it('fails a node that waits on no step', async () => {
    const task = fakeTask(node({ provision_state: 'wait call-back', target_provision_state: 'active', driver_internal_info: { deploy_steps: [], deploy_step_index: 0 } }), drivers);
    await resumeSteps(deps, task);
    expect(task.node).toMatchObject({ provision_state: 'deploy failed', last_error: `Node ${task.node.uuid} was resumed by a heartbeat but has no deploy step in progress` });
  });

  it('runs the waiting deploy step again and goes on to active', async () => {
    const step = { interface: 'deploy', step: 'deploy', priority: 100, argsinfo: null };
    const task = fakeTask(node({ provision_state: 'wait call-back', target_provision_state: 'active', driver_internal_info: { deploy_steps: [step], deploy_step_index: 0 } }), drivers);
    await resumeSteps(deps, task);
    expect(task.node).toMatchObject({ provision_state: 'active', deploy_step: {} });
  });
});
