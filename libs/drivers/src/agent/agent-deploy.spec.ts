import { fakeNode } from '@ferrum/testing';
import type { ExclusiveTask } from '../task';
import { AgentDeploy } from './agent-deploy';
import { isFastTrack } from './agent-steps';

/** A task whose boot, management and power interfaces log what the agent deploy asks of them. */
function agentTask(fields: Parameters<typeof fakeNode>[0] = {}, extra: { powerState?: string; fastTrack?: { enabled: boolean; timeoutS: number } } = {}) {
  const calls: string[] = [];
  const interfaces: Record<string, unknown> = {
    boot: { bootsRamdiskItself: false, prepareRamdisk: async () => calls.push('boot.prepareRamdisk'), cleanUpRamdisk: async () => calls.push('boot.cleanUpRamdisk') },
    management: { setBootDevice: async (_t: unknown, device: string, persistent: boolean) => calls.push(`management.setBootDevice ${device} ${persistent}`) },
    power: { getPowerState: async () => extra.powerState ?? 'power off', setPowerState: async (_t: unknown, state: string) => calls.push(`power.setPowerState ${state}`) },
    network: { addProvisioningNetwork: async () => calls.push('network.addProvisioningNetwork') },
    storage: { populateStorageInfo: async () => undefined },
  };
  const task = {
    node: fakeNode({ driver_internal_info: { agent_url: 'http://10.0.0.5:9999', agent_secret_token: 'old', keep: 1 }, ...fields }),
    shared: false,
    fastTrack: extra.fastTrack,
    interfaceOf: (kind: string) => interfaces[kind],
    record: async (changes: Record<string, unknown>) => {
      task.node = { ...task.node, ...changes };
    },
  };
  return { task: task as unknown as ExclusiveTask & typeof task, calls };
}

describe("the agent deploy's cleaning hooks (Ironic's AgentBaseMixin.prepare_cleaning / tear_down_cleaning)", () => {
  it('boots the machine into a fresh agent and waits for it to call back', async () => {
    const { task, calls } = agentTask();
    await expect(new AgentDeploy().prepareCleaning(task)).resolves.toBe('wait');
    expect(calls).toEqual(['management.setBootDevice pxe false', 'power.setPowerState power on']);
    // The previous agent's URL and token go with the power action: only the new agent's heartbeat is trusted.
    expect(task.node.driver_internal_info).toEqual({ keep: 1, last_power_state_change: expect.any(String) });
    expect(task.node.power_state).toBe('power on');
  });

  it('powers the agent off and cleans up its boot at the end of cleaning', async () => {
    const { task, calls } = agentTask({ power_state: 'power on' });
    await new AgentDeploy().tearDownCleaning(task);
    expect(calls).toEqual(['power.setPowerState power off', 'boot.cleanUpRamdisk']);
    expect(task.node.power_state).toBe('power off');
  });

  it('leaves a machine whose clean step failed as it is (fault clean failure), as tear_down_inband_cleaning', async () => {
    const { task, calls } = agentTask({ power_state: 'power on', fault: 'clean failure', maintenance: true });
    await new AgentDeploy().tearDownCleaning(task);
    expect(calls).toEqual([]);
    expect(task.node.power_state).toBe('power on');
  });
});

describe("the agent deploy's servicing tear-down (Ironic's tear_down_inband_service)", () => {
  function serviceTask(fields: Parameters<typeof fakeNode>[0]) {
    const { task, calls } = agentTask(fields);
    const network = { removeProvisioningNetwork: async () => calls.push('network.remove'), configureTenantNetworks: async () => calls.push('network.tenant') };
    const interfaces = { network, boot: { ...(task.interfaceOf('boot') as object), prepareInstance: async () => calls.push('boot.prepareInstance') } };
    const interfaceOf = task.interfaceOf;
    task.interfaceOf = (kind: string) => (interfaces as Record<string, unknown>)[kind] ?? interfaceOf(kind);
    return { task, calls };
  }

  it('powers the agent off, cleans up its boot and boots the instance from disk', async () => {
    const { task, calls } = serviceTask({ power_state: 'power on' });
    await new AgentDeploy().tearDownService(task);
    expect(calls).toEqual([
      'power.setPowerState power off',
      'boot.cleanUpRamdisk',
      'network.remove',
      'network.tenant',
      'management.setBootDevice disk true',
      'boot.prepareInstance',
      'power.setPowerState power on',
    ]);
  });

  it('after a failed service step (fault service failure) only cleans up the boot: the machine stays as it is', async () => {
    const { task, calls } = serviceTask({ power_state: 'power on', fault: 'service failure', maintenance: true });
    await new AgentDeploy().tearDownService(task);
    expect(calls).toEqual(['boot.cleanUpRamdisk']);
    expect(task.node.power_state).toBe('power on');
  });
});

describe('fast track (Ironic [deploy]fast_track, is_fast_track)', () => {
  const ON = { enabled: true, timeoutS: 300 };
  /** A naive UTC timestamp `secondsAgo` in the past, as heartbeats record it. */
  const ago = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString().replace('Z', '000');
  const alive = (extra: Record<string, unknown> = {}) => ({ driver_internal_info: { agent_url: 'http://10.0.0.5:9999', agent_last_heartbeat: ago(5), ...extra } });

  it('cleans and deploys with the agent already running: no power action, the next heartbeat goes on', async () => {
    const { task, calls } = agentTask(alive(), { powerState: 'power on', fastTrack: ON });
    await expect(isFastTrack(task)).resolves.toBe(true);
    await expect(new AgentDeploy().prepareCleaning(task)).resolves.toBe('wait');
    await new AgentDeploy().tearDownCleaning(task);
    await new AgentDeploy().prepare(task);
    await expect(new AgentDeploy().deploy(task)).resolves.toBe('wait');
    expect(calls).toEqual([]);
    // The agent is still known: nothing wiped its URL.
    expect(task.node.driver_internal_info.agent_url).toBe('http://10.0.0.5:9999');
  });

  it('is off, and the agent rebooted into as before, when any of its conditions fails', async () => {
    const cases: [string, ReturnType<typeof agentTask>][] = [
      ['not configured', agentTask(alive(), { powerState: 'power on' })],
      ['turned off for the node', agentTask({ ...alive(), driver_info: { fast_track: 'false' } }, { powerState: 'power on', fastTrack: ON })],
      ['an error on the node', agentTask({ ...alive(), last_error: 'boom' }, { powerState: 'power on', fastTrack: ON })],
      ['no heartbeat within fast_track_timeout', agentTask(alive({ agent_last_heartbeat: ago(301) }), { powerState: 'power on', fastTrack: ON })],
      ['the agent powered off since (no URL)', agentTask({ driver_internal_info: { agent_last_heartbeat: ago(5) } }, { powerState: 'power on', fastTrack: ON })],
      ['the machine off', agentTask(alive(), { powerState: 'power off', fastTrack: ON })],
    ];
    for (const [why, { task, calls }] of cases) {
      expect({ why, fast: await isFastTrack(task) }).toEqual({ why, fast: false });
      await new AgentDeploy().prepareCleaning(task);
      expect({ why, booted: calls.includes('management.setBootDevice pxe false') }).toEqual({ why, booted: true });
    }
  });

  it('on for one node by driver_info.fast_track when the conductor has it off', async () => {
    const { task } = agentTask({ ...alive(), driver_info: { fast_track: true } }, { powerState: 'power on', fastTrack: { enabled: false, timeoutS: 300 } });
    await expect(isFastTrack(task)).resolves.toBe(true);
  });
});

