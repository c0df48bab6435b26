import { readFileSync, writeFileSync } from 'node:fs';
import { MIB, Metal3Lab, SYSTEM_ID, lifecycleSteps } from './support/metal3-lab';

/**
 * Fast track, as Metal3 runs Ironic ([deploy]fast_track = true in its ironic-image): the agent that boots from
 * the virtual CD for inspection stays up, looks the node up and heartbeats, and cleaning and the deploy use it
 * as it is — one agent boot for inspect, clean and deploy, where a node without fast track boots three. Split
 * processes, the Redfish emulator and the real agent, as in the Metal3 flow e2e.
 */
describe('fast track over Redfish virtual media: one agent boot for inspect, provide and deploy', () => {
  const lab = new Metal3Lab();
  const step = lifecycleSteps(lab);
  const agentBoots = () => lab.machines!.boots.length;
  /** Waits until the running agent has heartbeated for the node (fast track needs a recent heartbeat). */
  const heartbeating = () => lab.http.until(`/v1/nodes/${lab.uuid}`, (n) => !!n.driver_internal_info?.agent_last_heartbeat && !!n.driver_internal_info.agent_url, 30_000);

  beforeAll(() => lab.start('fast-track e2e', { FERRUM_AGENT_FAST_TRACK: 'true' }), 90_000);
  afterAll(() => lab.stop());

  step('enroll and manage', async () => {
    writeFileSync(lab.disk, Buffer.alloc(16 * MIB, 0xab));
    await lab.enroll();
    await lab.provision({ target: 'manage' }, ['verifying'], 'manageable', ['manageable']);
  });

  step('inspect: the agent boots from the CD, and stays up afterwards, heartbeating in manageable', async () => {
    const { node } = await lab.provision({ target: 'inspect' }, ['inspecting', 'inspect wait'], 'manageable', ['inspect wait', 'manageable']);
    expect(agentBoots()).toBe(1);
    // Not powered off at the end (Ironic's tear_down_managed_boot with fast track), the CD ejected all the same.
    expect(node.power_state).toBe('power on');
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeDefined();
    expect(lab.emulator!.virtualMedia.slot(SYSTEM_ID, 'CD1')).toMatchObject({ inserted: false });
    await heartbeating();
  });

  step('provide: automated cleaning by the agent already running, no reboot; it stays up after', async () => {
    const pid = lab.machines!.agentPid(SYSTEM_ID);
    const { node } = await lab.provision({ target: 'provide' }, ['cleaning', 'clean wait'], 'available', ['available']);
    expect(agentBoots()).toBe(1);
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBe(pid);
    expect(node.power_state).toBe('power on');
    // erase_devices_metadata ran: the first MiB wiped, the rest as it was.
    const data = readFileSync(lab.disk);
    expect(data.subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(data.subarray(2 * MIB, 3 * MIB).every((b) => b === 0xab)).toBe(true);
    await heartbeating();
  });

  step('deploy: the same agent writes the image; then the node boots its disk', async () => {
    const pid = lab.machines!.agentPid(SYSTEM_ID);
    await lab.call('PATCH', `/v1/nodes/${lab.uuid}`, lab.imagePatch(), 200);
    const { node } = await lab.provision({ target: 'active' }, ['deploying', 'wait call-back'], 'active', ['active']);
    expect(agentBoots()).toBe(1);
    expect(lab.machines!.boots[0].pid).toBe(pid);
    expect(node.power_state).toBe('power on');
    const image = readFileSync(lab.gptImage);
    expect(readFileSync(lab.disk).subarray(0, image.length).equals(image)).toBe(true);
    // The agent went with tear_down_agent; the instance runs from its disk.
    expect(lab.machines!.agentPid(SYSTEM_ID)).toBeUndefined();
    expect(lab.emulator!.system(SYSTEM_ID)!.boot).toMatchObject({ BootSourceOverrideTarget: 'Hdd' });
  });

  step('undeploy: no agent is running now, so cleaning boots one, as without fast track', async () => {
    const { node } = await lab.provision({ target: 'deleted' }, ['deleting', 'cleaning', 'clean wait'], 'available', ['clean wait', 'available']);
    expect(agentBoots()).toBe(2);
    expect(node.instance_info).toEqual({});
    expect(readFileSync(lab.disk).subarray(0, MIB).every((b) => b === 0)).toBe(true);
    expect(lab.machines!.errors).toEqual([]);
  });
});
