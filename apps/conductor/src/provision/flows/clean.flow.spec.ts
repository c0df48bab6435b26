import { DriverRegistry } from '@ferrum/drivers';
import { Invalid, NodeInMaintenance } from '@ferrum/errors';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { CleanFlow } from './clean.flow';
import type { FlowDeps } from './flow';
import { ProvideFlow } from './provide.flow';

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
