import { DriverRegistry } from '@ferrum/drivers';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { AbortFlow } from './abort.flow';
import type { FlowDeps } from './flow';
import { InspectFlow } from './inspect.flow';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const inspecting = () => fakeTask(fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), provision_state: 'inspecting', target_provision_state: 'manageable' }), drivers);
/** The registry with one inspect interface replaced. */
const withInspect = (inspect: object) => ({ get: (node: never, kind: string) => (kind === 'inspect' ? inspect : drivers.get(node, kind as never)) }) as unknown as DriverRegistry;

describe('inspect flow', () => {
  it('saves an out-of-band result and the node is manageable again', async () => {
    const saveInspection = jest.fn(async () => undefined);
    const result = { properties: { cpus: '4' }, ports: [{ address: '52:54:00:00:00:01' }] };
    const task = inspecting();
    await new InspectFlow({ drivers: withInspect({ inspectHardware: async () => result }), automatedCleanDefault: true, saveInspection, onAbortError: jest.fn() }).run(task);
    expect(saveInspection).toHaveBeenCalledWith(task, result);
    expect(task.node).toMatchObject({ provision_state: 'manageable', last_error: null });
  });

  it("waits in inspect wait when the inspection is in-band ('wait'), and fails with the reason when it throws", async () => {
    const waiting = inspecting();
    const deps: FlowDeps = { drivers: withInspect({ inspectHardware: async () => 'wait' }), automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError: jest.fn() };
    await new InspectFlow(deps).run(waiting);
    expect(waiting.node.provision_state).toBe('inspect wait');
    const failing = inspecting();
    await new InspectFlow({ ...deps, drivers: withInspect({ inspectHardware: () => Promise.reject(new Error('BMC said no')) }) }).run(failing);
    expect(failing.node).toMatchObject({ provision_state: 'inspect failed', last_error: `Failed to inspect hardware of node ${failing.node.uuid}: BMC said no` });
  });

  it('an abort says why, and stops the inspection without undoing the abort when the inspector cannot be reached', async () => {
    const onAbortError = jest.fn();
    const flow = new AbortFlow({ drivers: withInspect({ abortInspection: () => Promise.reject(new Error('unreachable')) }), automatedCleanDefault: true, saveInspection: jest.fn(), onAbortError });
    expect(flow.entry(fakeNode({ provision_state: 'inspect wait' }))).toEqual({ last_error: 'By request, the inspect operation was aborted.' });
    const task = fakeTask(fakeNode({ provision_state: 'inspect failed' }));
    await flow.run(task);
    expect(onAbortError).toHaveBeenCalledWith(task.node.uuid, expect.objectContaining({ message: 'unreachable' }));
    expect(task.saves).toEqual([]);
  });
});
