import type { Dict, FirmwareComponentReading, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { RedfishError } from '@ferrum/errors';
import type { ExclusiveTask } from '../task';
import { DEFAULT_FIRMWARE_UPDATE_SETTINGS, FirmwareUpdateSettings, RedfishFirmwareUpdate } from './redfish-firmware-update';
import type { RedfishSystems } from './redfish-system';

const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
const SYSTEM = '/redfish/v1/Systems/1';
const TASK = '/redfish/v1/TaskService/Tasks/7';
const FAST: FirmwareUpdateSettings = { ...DEFAULT_FIRMWARE_UPDATE_SETTINGS, statusIntervalMs: 1, bmcVersionCheckIntervalMs: 1, rebootDelayS: 0, requiredSuccesses: 0 };

/**
 * A BMC whose task answers the polls in turn (the last answer repeats; 'gone' is a 404), and a node whose
 * power interface records what it is asked. `bmc` is the version the manager reports (undefined: unreadable).
 */
function setup(polls: (Dict | 'gone')[], options: { bmc?: () => string | undefined; settings?: Partial<FirmwareUpdateSettings> } = {}) {
  const powered: string[] = [];
  const posted: Dict[] = [];
  const synced: FirmwareComponentReading[][] = [];
  const info = { origin: 'http://bmc', systemPath: SYSTEM };
  const docs: Record<string, Dict> = {
    '/redfish/v1/': { UpdateService: { '@odata.id': '/redfish/v1/UpdateService' }, Systems: { '@odata.id': '/redfish/v1/Systems' } },
    '/redfish/v1/UpdateService': { Actions: { '#UpdateService.SimpleUpdate': { target: '/redfish/v1/UpdateService/Actions/SimpleUpdate' } } },
    '/redfish/v1/Systems': { Members: [{ '@odata.id': SYSTEM }] },
  };
  const client = {
    get: async (_info: unknown, path: string) => docs[path] ?? {},
    post: async (_info: unknown, _path: string, body: Dict) => {
      posted.push(body);
      return { status: 202, headers: { location: `${TASK}/Monitor` }, body: { '@odata.id': TASK, TaskState: 'New' } };
    },
    request: async () => {
      const next = polls.length > 1 ? polls.shift()! : polls[0];
      if (next === 'gone') throw new RedfishError({ message: `HTTP GET http://bmc${TASK} returned code 404. The resource at the URI ${TASK} was not found.` });
      return { status: 200, headers: {}, body: next };
    },
  };
  const systems = { info: () => info, get: async () => ({ info, path: SYSTEM, system: {} }), client } as unknown as RedfishSystems;
  const read = async (): Promise<FirmwareComponentReading[]> => {
    const bmc = options.bmc?.();
    return [{ component: 'bios', current_version: 'P79 v1.45' }, ...(bmc ? [{ component: 'bmc', current_version: bmc }] : [])];
  };
  const power = { getPowerState: async () => 'power on', setPowerState: async (_t: unknown, target: string) => void powered.push(target) };
  const node = { uuid: UUID, driver: 'redfish', driver_info: { redfish_system_id: SYSTEM }, driver_internal_info: {} } as unknown as NodeRecord;
  const task: ExclusiveTask = {
    shared: false,
    node,
    interfaceOf: (kind: InterfaceKind) => (kind === 'power' ? power : undefined),
    firmwareComponents: { sync: async (r) => void synced.push(r) },
  };
  const update = new RedfishFirmwareUpdate(systems, { ...FAST, ...options.settings }, read);
  return { update, task, powered, posted, synced };
}

const running = { TaskState: 'Running', TaskStatus: 'OK' };
const completed = { TaskState: 'Completed', TaskStatus: 'OK', Messages: [] };

describe('the redfish firmware update, as the BMC answers', () => {
  it('submits the image over HTTP with no Target when the BMC has one system', async () => {
    const { update, task, posted } = setup([completed]);
    await update.run(task, [{ component: 'bios', url: 'https://images/bios.bin' }]);
    expect(posted).toEqual([{ ImageURI: 'https://images/bios.bin', TransferProtocol: 'HTTP' }]);
  });

  it("fails with Ironic's words and the task's messages when the task ends in Exception", async () => {
    const failed = {
      TaskState: 'Exception',
      TaskStatus: 'Critical',
      Messages: [
        { MessageId: 'Update.1.0.ApplyFailed', Message: 'The image is corrupt.' },
        { MessageId: 'Base.1.8.GeneralError', Message: 'Unknown error' },
      ],
    };
    const { update, task, powered, synced } = setup([running, failed]);
    const error = await update.run(task, [{ component: 'bios', url: 'http://images/bios.bin' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as Error).message).toBe(`Firmware update failed for node ${UUID}, firmware http://images/bios.bin. Error: The image is corrupt.,  Base.1.8.GeneralError`);
    // The BIOS image was rebooted into as its task started; nothing is cached after a failure.
    expect(powered).toEqual(['rebooting']);
    expect(synced).toEqual([]);
  });

  it("fails with Ironic's overall timeout when the task never ends", async () => {
    const { update, task } = setup([running], { settings: { overallTimeoutS: 0.05 } });
    await expect(update.run(task, [{ component: 'bmc', url: 'http://images/bmc.bin' }])).rejects.toThrow(
      `Firmware update on node ${UUID} has exceeded the overall timeout of 0.05 seconds. Elapsed time: 0 seconds.`,
    );
  });

  it('takes a task the BMC deleted for done, and still reboots into a BIOS image', async () => {
    const { update, task, powered, synced } = setup([{ TaskState: 'New' }, 'gone']);
    await update.run(task, [{ component: 'bios', url: 'http://images/bios.bin' }]);
    expect(powered).toEqual(['rebooting']);
    expect(synced).toHaveLength(1);
  });

  it('reboots a NIC whose task stays Starting, and not again when it ends', async () => {
    const { update, task, powered } = setup([{ TaskState: 'Starting' }, completed], { settings: { nicStartingWaitS: 0 } });
    await update.run(task, [{ component: 'nic:NIC.Slot.1', url: 'http://images/nic.bin' }]);
    expect(powered).toEqual(['rebooting']);
  });

  it('reboots after a NIC update that ran without one', async () => {
    const { update, task, powered } = setup([running, completed]);
    await update.run(task, [{ component: 'nic:NIC.Slot.1', url: 'http://images/nic.bin' }]);
    expect(powered).toEqual(['rebooting']);
  });

  it("reboots after a BMC update whose version cannot be read once the wait is over, and not when it stays the same", async () => {
    const unreadable = setup([completed], { bmc: () => undefined });
    await unreadable.update.run(unreadable.task, [{ component: 'bmc', url: 'http://images/bmc.bin' }]);
    expect(unreadable.powered).toEqual(['rebooting']);
    const same = setup([completed], { bmc: () => '1.0' });
    await same.update.run(same.task, [{ component: 'bmc', url: 'http://images/bmc.bin' }]);
    expect(same.powered).toEqual([]);
  });
});
