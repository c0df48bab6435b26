import { DriverRegistry } from '@ferrum/drivers';
import { fakeNode, fakeTask } from '@ferrum/testing';
import { nodePowerAction, startedInternalInfo } from './power-action';

const drivers = new DriverRegistry({ enabledHardwareTypes: ['fake-hardware'] });
const node = (fields: Parameters<typeof fakeNode>[0]) => fakeNode({ ...drivers.resolveInterfaces('fake-hardware', { driver: 'fake-hardware' }), ...fields });

describe('nodePowerAction', () => {
  it('stamps and saves the start, acts, then records the outcome (Ironic: three writes under the lock)', async () => {
    const task = fakeTask(node({ power_state: 'power off', driver_internal_info: { agent_url: 'http://a' } }), drivers);
    await nodePowerAction(drivers, task, 'power on');
    expect(task.saves).toEqual([
      { target_power_state: 'power on', last_error: null, driver_internal_info: { agent_url: 'http://a', last_power_state_change: expect.any(String) } },
      { power_state: 'power on', target_power_state: null },
    ]);
    expect(task.released).toBe(false);
  });

  it('as a job\'s last work, records the outcome and gives the lock back in one write', async () => {
    const task = fakeTask(node({ power_state: 'power off' }), drivers);
    await nodePowerAction(drivers, task, 'power on', undefined, { last: true });
    expect(task.saves.at(-1)).toEqual({ power_state: 'power on', target_power_state: null, reservation: null });
    expect(task.released).toBe(true);
  });

  it('does not save the start again when the caller saved it with the write the API waited for', async () => {
    const before = { agent_url: 'http://a', agent_secret_token: 'x' };
    const task = fakeTask(node({ power_state: 'power on', driver_internal_info: before }), drivers);
    await task.save({ target_power_state: 'power off', last_error: null, driver_internal_info: startedInternalInfo(before, 'power off') });
    await nodePowerAction(drivers, task, 'power off', undefined, { startedFrom: before, last: true });
    expect(task.saves).toHaveLength(2);
    expect(task.node).toMatchObject({ power_state: 'power off', target_power_state: null, reservation: null });
    // Powering off ends the agent's boot: its URL and token go, as in Ironic's wipe_internal_info_on_power_off.
    expect(task.node.driver_internal_info).toEqual({ last_power_state_change: expect.any(String) });
  });

  it('takes back a start saved early when the node already was in the state asked for: nothing was done, nothing is stamped', async () => {
    const before = { clean_steps: [] };
    const task = fakeTask(node({ power_state: 'power on', last_error: 'old', driver_internal_info: before }), drivers);
    await task.save({ target_power_state: 'power on', driver_internal_info: startedInternalInfo(before, 'power on') });
    await nodePowerAction(drivers, task, 'power on', undefined, { startedFrom: before, last: true });
    expect(task.node).toMatchObject({ power_state: 'power on', target_power_state: null, last_error: null, reservation: null, driver_internal_info: before });
  });

  it('records a failed action in last_error and clears the target, also as the last write', async () => {
    const task = fakeTask(node({ power_state: 'power off' }), drivers);
    const power = drivers.power(task.node);
    const spy = jest.spyOn(power, 'setPowerState').mockRejectedValue(new Error('BMC said no'));
    try {
      await expect(nodePowerAction(drivers, task, 'power on', undefined, { last: true })).rejects.toThrow('BMC said no');
    } finally {
      spy.mockRestore();
    }
    expect(task.node).toMatchObject({ power_state: 'power off', target_power_state: null, reservation: null, last_error: "Failed to change power state to 'power on' by 'power on': BMC said no" });
  });
});
