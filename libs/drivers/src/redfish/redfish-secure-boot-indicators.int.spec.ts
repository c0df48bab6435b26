import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { NodeRecord } from '@ferrum/contracts';
import { MissingParameterValue, RedfishError } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { stepsOf } from '../steps/step.decorators';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishManagement } from './redfish-management';
import { RedfishSystems } from './redfish-system';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const SYSTEM_UUID = '38947555-7742-3448-3784-823347823834';
const settings: BmcSettings = { ...DEFAULT_BMC_SETTINGS, redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50 } };

describe('redfish secure boot and indicators against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const client = new RedfishClient(settings.redfish);
  const management = new RedfishManagement(new RedfishSystems(client, settings));
  const events: unknown[] = [];
  const task = (): ExclusiveTask => ({
    shared: false,
    node: {
      uuid: 'd1a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a33',
      driver: 'redfish',
      driver_info: { redfish_address: url, redfish_system_id: '/redfish/v1/Systems/437XR1138R2', redfish_username: 'admin', redfish_password: 'password' },
      properties: {},
      boot_mode: null,
    } as unknown as NodeRecord,
  });

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1 });
    emulator.on('secure-boot', (e) => events.push(e));
    emulator.on('indicator', (e) => events.push(e));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
  });

  it('turns UEFI secure boot on and off through the SecureBoot resource', async () => {
    expect(await management.getSecureBootState(task())).toBe(false);
    await management.setSecureBootState(task(), true);
    expect(emulator.system('437XR1138R2')!.secureBoot!.enabled).toBe(true);
    expect(await management.getSecureBootState(task())).toBe(true);
    // Already on: nothing is sent.
    const sent = events.length;
    await management.setSecureBootState(task(), true);
    expect(events).toHaveLength(sent);
    await management.setSecureBootState(task(), false);
    expect(await management.getSecureBootState(task())).toBe(false);
  });

  it('refuses to turn secure boot on in legacy boot mode, as Ironic', async () => {
    await management.setBootMode(task(), 'bios');
    try {
      await expect(management.setSecureBootState(task(), true)).rejects.toThrow(new RedfishError({ message: 'Configuring secure boot requires UEFI for node d1a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a33' }));
      expect(emulator.system('437XR1138R2')!.secureBoot!.enabled).toBe(false);
    } finally {
      await management.setBootMode(task(), 'uefi');
    }
  });

  it('resets or clears the secure boot keys as manual clean and deploy steps', async () => {
    await management.reset_secure_boot_keys_to_default(task());
    expect(emulator.system('437XR1138R2')!.secureBoot!.lastKeyReset).toBe('ResetAllKeysToDefault');
    await management.clear_secure_boot_keys(task());
    expect(emulator.system('437XR1138R2')!.secureBoot!.lastKeyReset).toBe('DeleteAllKeys');
    for (const kind of ['clean', 'deploy'] as const) {
      const steps = stepsOf(management, kind, 'management').map((s) => [s.step, s.priority]);
      expect(steps).toEqual(expect.arrayContaining([['reset_secure_boot_keys_to_default', 0], ['clear_secure_boot_keys', 0]]));
    }
  });

  it("lists the system's LED by the system's UUID, reads and sets it", async () => {
    const indicators = await management.getSupportedIndicators(task());
    // The mockup's chassis has an LED but no UUID to name it by, so only the system's is offered.
    expect(indicators).toEqual({ system: { [SYSTEM_UUID]: { readonly: false, states: ['blinking', 'off', 'on'] } } });
    expect(await management.getIndicatorState(task(), 'system', SYSTEM_UUID)).toBe('off');
    await management.setIndicatorState(task(), 'system', SYSTEM_UUID, 'blinking');
    expect(emulator.system('437XR1138R2')!.indicatorLed).toBe('Blinking');
    expect(await management.getIndicatorState(task(), 'system', SYSTEM_UUID)).toBe('blinking');
    await expect(management.getIndicatorState(task(), 'system', 'nope')).rejects.toThrow(MissingParameterValue);
    await expect(management.setIndicatorState(task(), 'system', SYSTEM_UUID, 'purple')).rejects.toThrow(/Invalid indicator state purple/);
  });
});
