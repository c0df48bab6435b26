import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { BiosSettingRecord, Dict, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { RedfishError, UnsupportedDriverExtension } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { stepsOf } from '../steps/step.decorators';
import type { ExclusiveTask } from '../task';
import { RedfishBios } from './redfish-bios';
import { RedfishClient } from './redfish-client';
import { RedfishPower } from './redfish-power';
import { RedfishSystems } from './redfish-system';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50, requestTimeoutMs: 5000 },
  powerStateChangeTimeoutS: 10,
  powerPollIntervalMs: 50,
};

describe('redfish BIOS against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const client = new RedfishClient(settings.redfish);
  const systems = new RedfishSystems(client, settings);
  const bios = new RedfishBios(systems);
  const power = new RedfishPower(systems);
  const events: string[] = [];

  /** A task as the conductor gives it: the node's power interface, and the cached settings and power state it records. */
  const taskFor = (system: string) => {
    const cached: { settings: BiosSettingRecord[]; powerState?: string | null } = { settings: [] };
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
      biosSettings: { replace: async (s) => void (cached.settings = s) },
      record: async (changes) => {
        cached.powerState = changes.power_state;
        Object.assign(node, changes);
      },
    };
    return { task, cached };
  };
  const value = (cached: { settings: BiosSettingRecord[] }, name: string) => cached.settings.find((s) => s.name === name)?.value;

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3, powerDelayMs: 100 });
    emulator.on('bios', (e) => events.push(`${e.system}:${String(e.attributes.ProcTurboMode)}`));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
  });

  it('caches the attributes in force, values as strings', async () => {
    const { task, cached } = taskFor('437XR1138R2');
    await bios.cacheSettings(task);
    expect(cached.settings).toHaveLength(10);
    expect(value(cached, 'ProcTurboMode')).toBe('Enabled');
    expect(value(cached, 'ProcCoreDisable')).toBe('0');
    expect(value(cached, 'AdminPhone')).toBe('');
  });

  it('applies a configuration through the settings object: it takes effect at the reboot the step does, and is verified and cached', async () => {
    const { task, cached } = taskFor('437XR1138R2-0001');
    await bios.apply_configuration(task, { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }, { name: 'ProcCoreDisable', value: 2 }] });
    expect(emulator.system('437XR1138R2-0001')!.bios!.attributes).toMatchObject({ ProcTurboMode: 'Disabled', ProcCoreDisable: 2 });
    expect(events).toContain('437XR1138R2-0001:Disabled');
    expect(cached.powerState).toBe('power on');
    expect(value(cached, 'ProcTurboMode')).toBe('Disabled');
    expect(value(cached, 'ProcCoreDisable')).toBe('2');
    // The other systems behind the same BMC keep theirs.
    expect(emulator.system('437XR1138R2')!.bios!.attributes.ProcTurboMode).toBe('Enabled');
  });

  it('resets to factory values at the next boot', async () => {
    const { task, cached } = taskFor('437XR1138R2-0001');
    await bios.factory_reset(task);
    expect(emulator.system('437XR1138R2-0001')!.bios!.attributes).toMatchObject({ ProcTurboMode: 'Enabled', ProcCoreDisable: 0 });
    expect(value(cached, 'ProcTurboMode')).toBe('Enabled');
  });

  it('refuses a setting the BIOS does not have, with the BMC\'s error, changing nothing', async () => {
    const { task } = taskFor('437XR1138R2-0002');
    await expect(bios.apply_configuration(task, { settings: [{ name: 'NoSuchSetting', value: 'x' }] })).rejects.toThrow(
      /Redfish BIOS apply configuration failed for node c0a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a22\. Error: .*NoSuchSetting/,
    );
    await expect(bios.apply_configuration(task, { settings: [{ name: 'ProcTurboMode' }] })).rejects.toThrow(/each a dictionary with name and value/);
    expect(emulator.system('437XR1138R2-0002')!.bios!.attributes.ProcTurboMode).toBe('Enabled');
  });

  it('says when the system has no BIOS resource', async () => {
    const noBios = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1 });
    const base = await noBios.listen();
    try {
      const { task } = taskFor('437XR1138R2');
      task.node.driver_info.redfish_address = base;
      // A system document without its Bios link, as on BMCs that have none.
      const get = client.get.bind(client);
      jest.spyOn(client, 'get').mockImplementation(async (info, path) => {
        const doc = await get(info, path);
        delete doc.Bios;
        return doc;
      });
      await expect(bios.cacheSettings(task)).rejects.toThrow(UnsupportedDriverExtension);
      await expect(bios.factory_reset(task)).rejects.toThrow(RedfishError);
    } finally {
      jest.restoreAllMocks();
      await noBios.close();
    }
  });

  it('offers factory_reset and apply_configuration as manual clean and deploy steps, as Ironic', () => {
    for (const kind of ['clean', 'deploy'] as const) {
      expect(stepsOf(bios, kind, 'bios').map((s) => [s.step, s.priority])).toEqual(
        expect.arrayContaining([
          ['apply_configuration', 0],
          ['factory_reset', 0],
        ]),
      );
    }
  });
});
