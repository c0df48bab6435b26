import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { Dict, FirmwareComponentReading, NodeRecord } from '@ferrum/contracts';
import { UnsupportedDriverExtension } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishFirmware } from './redfish-firmware';
import { RedfishSystems } from './redfish-system';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const settings: BmcSettings = { ...DEFAULT_BMC_SETTINGS, redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50, requestTimeoutMs: 5000 } };

describe('redfish firmware components against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const client = new RedfishClient(settings.redfish);
  const firmware = new RedfishFirmware(new RedfishSystems(client, settings));

  const taskFor = (systemPath: string) => {
    const synced: FirmwareComponentReading[][] = [];
    const node = {
      uuid: 'c0a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a22',
      driver: 'redfish',
      driver_info: { redfish_address: url, redfish_system_id: systemPath, redfish_username: 'admin', redfish_password: 'password' },
      driver_internal_info: {} as Dict,
    } as unknown as NodeRecord;
    const task = { shared: false, node, firmwareComponents: { sync: async (r: FirmwareComponentReading[]) => void synced.push(r) } } as ExclusiveTask;
    return { task, synced };
  };

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1 });
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it("caches the system's BIOS version and its manager's firmware version, as the BMC reports them", async () => {
    const { task, synced } = taskFor('/redfish/v1/Systems/437XR1138R2');
    await firmware.validate(task);
    await firmware.cacheFirmwareComponents(task);
    expect(synced).toEqual([
      [
        { component: 'bios', current_version: 'P79 v1.45 (12/06/2017)' },
        { component: 'bmc', current_version: '1.45.455b66-rev4' },
      ],
    ]);
  });

  it("refuses with Ironic's UnsupportedDriverExtension when the BMC reports no component, caching nothing", async () => {
    const { task, synced } = taskFor('/redfish/v1/Systems/437XR1138R2');
    // A BMC whose system has no BiosVersion and names no manager.
    const bare = { info: () => ({}), get: async () => ({ info: {}, path: '/redfish/v1/Systems/1', system: { Id: '1' } }), client } as unknown as RedfishSystems;
    const error = await new RedfishFirmware(bare).cacheFirmwareComponents(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedDriverExtension);
    expect((error as Error).message).toBe(`Cannot retrieve firmware for node ${task.node.uuid}: no supported components`);
    expect(synced).toEqual([]);
  });
});
