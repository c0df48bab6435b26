import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { Dict, FirmwareComponentReading, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, RedfishError } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { stepsOf } from '../steps/step.decorators';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishFirmware } from './redfish-firmware';
import { RedfishPower } from './redfish-power';
import { RedfishSystems } from './redfish-system';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const UPDATE_DELAY_MS = 300;
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  redfish: {
    ...DEFAULT_BMC_SETTINGS.redfish,
    connectionAttempts: 2,
    connectionRetryIntervalMs: 50,
    requestTimeoutMs: 5000,
    firmwareUpdate: { statusIntervalMs: 50, bmcVersionCheckIntervalMs: 50, rebootDelayS: 5, overallTimeoutS: 20, requiredSuccesses: 2, validationIntervalMs: 20 },
  },
  powerStateChangeTimeoutS: 10,
  powerPollIntervalMs: 50,
};

describe('redfish firmware update against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  let images: Server;
  let imageBase: string;
  const client = new RedfishClient(settings.redfish);
  const systems = new RedfishSystems(client, settings);
  const firmware = new RedfishFirmware(systems);
  const power = new RedfishPower(systems);
  /** The emulator's power changes, in order, each with the BIOS version the system had flashed by then. */
  const log: string[] = [];

  /** A task as the conductor gives it: the node's power interface, the firmware components it syncs, the power state it records. */
  const taskFor = (system: string) => {
    const synced: FirmwareComponentReading[][] = [];
    const recorded: { powerState?: string | null } = {};
    const node = {
      uuid: 'c0a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a22',
      driver: 'redfish',
      driver_info: { redfish_address: url, redfish_system_id: `/redfish/v1/Systems/${system}`, redfish_username: 'admin', redfish_password: 'password' },
      driver_internal_info: {} as Dict,
      properties: {},
    } as unknown as NodeRecord;
    const task: ExclusiveTask = {
      shared: false,
      node,
      interfaceOf: (kind: InterfaceKind) => (kind === 'power' ? power : undefined),
      firmwareComponents: { sync: async (r) => void synced.push(r) },
      record: async (changes) => {
        recorded.powerState = changes.power_state;
        Object.assign(node, changes);
      },
    };
    return { task, synced, recorded };
  };
  const version = (readings: FirmwareComponentReading[] | undefined, component: string) => readings?.find((r) => r.component === component)?.current_version;
  const get = async (path: string) => (await fetch(`${url}${path}`, { headers: { authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` } }).then((r) => r.json())) as Dict;
  const tasks = async () => ((await get('/redfish/v1/TaskService/Tasks')).Members as unknown[]).length;
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as Error);

  beforeAll(async () => {
    images = createServer((req, res) => {
      res.writeHead(req.url?.endsWith('.bin') ? 200 : 404).end(req.method === 'HEAD' ? undefined : 'firmware image');
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    // Two systems behind one BMC: Ironic names the node's system as the SimpleUpdate Target.
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 2, firmwareUpdateDelayMs: UPDATE_DELAY_MS });
    emulator.on('power', (e) => log.push(`${e.system} power ${e.to}${emulator.updates.systemOverrides(e.system).BiosVersion ? ' (flashed)' : ''}`));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
    images?.closeAllConnections();
    await new Promise((resolve) => images?.close(resolve));
  });
  beforeEach(() => void (log.length = 0));

  it('offers update as a manual clean, deploy and service step with Ironic’s argsinfo', () => {
    const argsinfo = { settings: { description: 'A list of dicts with firmware components to be updated', required: true } };
    // As Ironic 2026.1: with the agent when cleaning, out of band when servicing; deploy steps carry no such flag.
    const ramdisk = { clean: { requires_ramdisk: true }, deploy: {}, service: { requires_ramdisk: false } };
    for (const kind of ['clean', 'deploy', 'service'] as const) {
      expect(stepsOf(firmware, kind, 'firmware')).toEqual([{ step: 'update', priority: 0, abortable: false, interface: 'firmware', argsinfo, ...ramdisk[kind] }]);
    }
  });

  it("updates the node's BIOS: rebooted while the BMC's task runs, the new BiosVersion shown and cached, the other system untouched", async () => {
    const { task, synced, recorded } = taskFor('437XR1138R2-0001');
    const started = Date.now();
    await firmware.update(task, { settings: [{ component: 'bios', url: `${imageBase}/P79%20v1.46.bin` }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPDATE_DELAY_MS);
    expect((await get('/redfish/v1/Systems/437XR1138R2-0001')).BiosVersion).toBe('P79 v1.46');
    expect((await get('/redfish/v1/Systems/437XR1138R2')).BiosVersion).toBe('P79 v1.45 (12/06/2017)');
    // One reboot, as soon as the task runs (before it completes), through the node's power interface and recorded as a power action.
    expect(log).toEqual(['437XR1138R2-0001 power Off', '437XR1138R2-0001 power On']);
    expect(recorded.powerState).toBe('power on');
    expect(synced).toHaveLength(1);
    expect(version(synced[0], 'bios')).toBe('P79 v1.46');
    expect(version(synced[0], 'bmc')).toBe('1.45.455b66-rev4');
  });

  it("updates the BMC: its new FirmwareVersion shown and cached, without rebooting the node", async () => {
    const { task, synced } = taskFor('437XR1138R2');
    await firmware.update(task, { settings: [{ component: 'bmc', url: `${imageBase}/bmc-1.46.0.bin`, wait: 2 }] });
    expect((await get('/redfish/v1/Managers/BMC')).FirmwareVersion).toBe('bmc-1.46.0');
    expect(log).toEqual([]);
    expect(version(synced[0], 'bmc')).toBe('bmc-1.46.0');
  });

  it('updates several components in turn, the BMC first', async () => {
    const { task, synced } = taskFor('437XR1138R2');
    await firmware.update(task, {
      settings: [
        { component: 'bmc', url: `${imageBase}/bmc-1.47.0.bin` },
        { component: 'bios', url: `${imageBase}/P79%20v1.47.bin` },
      ],
    });
    expect(synced.at(-1)).toEqual([
      { component: 'bios', current_version: 'P79 v1.47' },
      { component: 'bmc', current_version: 'bmc-1.47.0' },
    ]);
    // A reboot after the BMC's (more to come, as Ironic), then the BIOS's.
    expect(log.filter((l) => l.includes(' On'))).toHaveLength(2);
  });

  it('reboots after the task when the BMC completes it before the first poll (the image is staged, as on HPE iLO)', async () => {
    const quick = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1, firmwareUpdateDelayMs: 0 });
    const powered: string[] = [];
    quick.on('power', (e) => powered.push(`${e.to}${quick.updates.systemOverrides(e.system).BiosVersion ? ' (flashed)' : ''}`));
    const quickUrl = await quick.listen();
    try {
      const { task, synced } = taskFor('437XR1138R2');
      Object.assign(task.node.driver_info, { redfish_address: quickUrl });
      await firmware.update(task, { settings: [{ component: 'bios', url: `${imageBase}/P79%20v1.48.bin` }] });
      expect(powered).toEqual(['Off (flashed)', 'On (flashed)']);
      expect(version(synced[0], 'bios')).toBe('P79 v1.48');
    } finally {
      await quick.close();
    }
  });

  it("refuses invalid settings with Ironic's words, before asking the BMC anything", async () => {
    const { task, synced } = taskFor('437XR1138R2');
    const before = await tasks();
    const unknown = await failure(firmware.update(task, { settings: [{ component: 'cpld', url: `${imageBase}/cpld.bin` }] }));
    expect(unknown).toBeInstanceOf(InvalidParameterValue);
    expect(unknown?.message.split('\n')[0]).toBe(`Invalid firmware update [{'component': 'cpld', 'url': '${imageBase}/cpld.bin'}]. Errors: 'cpld' is not valid under any of the given schemas`);
    const noUrl = await failure(firmware.update(task, { settings: [{ component: 'bios' }] }));
    expect(noUrl?.message.split('\n')[0]).toBe("Invalid firmware update [{'component': 'bios'}]. Errors: 'url' is a required property");
    const missing = await failure(firmware.update(task, {}));
    expect(missing?.message.split('\n')[0]).toBe("Invalid firmware update None. Errors: None is not of type 'array'");
    expect(await tasks()).toBe(before);
    expect(synced).toEqual([]);
  });

  it('fails the step with the BMC’s reason when the image URL does not answer, flashing and rebooting nothing', async () => {
    const { task, synced } = taskFor('437XR1138R2-0001');
    const refused = await failure(firmware.update(task, { settings: [{ component: 'bios', url: 'http://127.0.0.1:9/bios.bin' }] }));
    expect(refused).toBeInstanceOf(RedfishError);
    expect(refused?.message).toContain('/redfish/v1/UpdateService/Actions/SimpleUpdate returned code 400');
    expect(refused?.message).toContain('The service failed to establish a connection with the URI http://127.0.0.1:9/bios.bin.');
    const missing = await failure(firmware.update(task, { settings: [{ component: 'bios', url: `${imageBase}/nothing.img` }] }));
    expect(missing?.message).toContain(`The resource at the URI ${imageBase}/nothing.img was not found.`);
    const ftp = await failure(firmware.update(task, { settings: [{ component: 'bios', url: 'ftp://127.0.0.1/bios.bin' }] }));
    expect(ftp).toBeInstanceOf(InvalidParameterValue);
    expect(ftp?.message).toBe('ftp is not supported for ftp://127.0.0.1/bios.bin.');
    expect(log).toEqual([]);
    expect(synced).toEqual([]);
  });
});
