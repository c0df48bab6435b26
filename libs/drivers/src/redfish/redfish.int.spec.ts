import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { NodeRecord } from '@ferrum/contracts';
import { PowerStateFailure, RedfishConnectionError, RedfishError } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishInspect } from './redfish-inspect';
import { RedfishManagement } from './redfish-management';
import { RedfishPower } from './redfish-power';
import { RedfishSystems } from './redfish-system';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50, requestTimeoutMs: 5000 },
  powerStateChangeTimeoutS: 10,
  powerPollIntervalMs: 50,
};

describe('redfish power, management and inspection against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const client = new RedfishClient(settings.redfish);
  const systems = new RedfishSystems(client, settings);
  const power = new RedfishPower(systems);
  const management = new RedfishManagement(systems);
  const inspect = new RedfishInspect(systems);
  const resets: string[] = [];

  const taskFor = (system: string | undefined, info: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): ExclusiveTask => ({
    shared: false,
    node: {
      uuid: 'b9a8f0c2-1d1e-4a57-9a4c-9d0f7d3c1a11',
      driver: 'redfish',
      driver_info: { redfish_address: url, redfish_system_id: system, redfish_username: 'admin', redfish_password: 'password', ...info },
      properties,
      boot_mode: null,
    } as unknown as NodeRecord,
  });

  beforeAll(async () => {
    // A Reset takes a while, as on real BMCs, so the driver has to wait for PowerState.
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3, powerDelayMs: 150 });
    emulator.on('power', (e) => resets.push(`${e.system}:${e.resetType}:${e.to}`));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
  });

  it('powers off, on and reboots, waiting until PowerState reports the target', async () => {
    const task = taskFor('/redfish/v1/Systems/437XR1138R2-0001');
    expect(await power.getPowerState(task)).toBe('power on');
    await power.setPowerState(task, 'power off');
    expect(emulator.system('437XR1138R2-0001')!.powerState).toBe('Off');
    await power.setPowerState(task, 'power on');
    expect(emulator.system('437XR1138R2-0001')!.powerState).toBe('On');
    await power.setPowerState(task, 'rebooting');
    await power.setPowerState(task, 'soft power off');
    expect(await power.getPowerState(task)).toBe('power off');
    expect(resets.filter((r) => r.startsWith('437XR1138R2-0001:'))).toEqual([
      '437XR1138R2-0001:ForceOff:Off',
      '437XR1138R2-0001:On:On',
      '437XR1138R2-0001:ForceOff:Off',
      '437XR1138R2-0001:On:On',
      '437XR1138R2-0001:GracefulShutdown:Off',
    ]);
  });

  it('fails with PowerStateFailure when PowerState does not get there in time', async () => {
    const slow = new RedfishEmulator({ mockupDir: MOCKUP, powerDelayMs: 5000 });
    const slowUrl = await slow.listen();
    try {
      const task = { ...taskFor(undefined), node: { ...taskFor(undefined).node, driver_info: { redfish_address: slowUrl, redfish_username: 'admin', redfish_password: 'password' } } } as ExclusiveTask;
      const error = await power.setPowerState(task, 'power off', 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerStateFailure);
      expect((error as Error).message).toMatch(/still reports power on 1 s after ForceOff/);
    } finally {
      await slow.close();
    }
  });

  it('sets the boot override persistently in UEFI mode, or once in legacy mode, and reads it back', async () => {
    const task = taskFor('437XR1138R2-0002');
    expect(await management.getSupportedBootDevices(task)).toEqual(['pxe', 'disk', 'cdrom', 'bios']);
    await management.setBootDevice(task, 'pxe', true);
    expect(emulator.system('437XR1138R2-0002')!.boot).toEqual({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous', BootSourceOverrideMode: 'UEFI' });
    expect(await management.getBootDevice(task)).toEqual({ boot_device: 'pxe', persistent: true });
    const bios = taskFor('437XR1138R2-0002', {}, { capabilities: 'boot_mode:bios' });
    await management.setBootDevice(bios, 'cdrom', false);
    expect(emulator.system('437XR1138R2-0002')!.boot).toEqual({ BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'Legacy' });
    expect(await management.getBootDevice(bios)).toEqual({ boot_device: 'cdrom', persistent: false });
  });

  it('reads CPUs, memory, storage and NICs into properties and ports, as Ironic does', async () => {
    const result = await inspect.inspectHardware(taskFor('/redfish/v1/Systems/437XR1138R2'));
    // CPU1: 16 threads (CPU2 is absent, FPGA1 is no CPU); 96 GiB; the smallest disk of >= 4 GiB (4 TB) in GiB minus one.
    // Boot.BootSourceOverrideMode UEFI becomes the boot_mode capability (kept beside the node's others).
    expect(result.properties).toEqual({ cpus: 16, cpu_arch: 'x86_64', memory_mb: 98304, local_gb: 3724, capabilities: 'boot_mode:uefi' });
    const withCaps = await inspect.inspectHardware(taskFor('437XR1138R2', {}, { capabilities: 'secure_boot:true' }));
    expect(withCaps.properties.capabilities).toBe('secure_boot:true,boot_mode:uefi');
    const decided = await inspect.inspectHardware(taskFor('437XR1138R2', {}, { capabilities: 'boot_mode:bios' }));
    expect(decided.properties.capabilities).toBeUndefined();
    // The VLAN interface repeats 12:44:6a:3b:04:11; one port per MAC.
    expect(result.ports).toEqual([{ address: '12:44:6a:3b:04:11' }, { address: 'aa:bb:cc:dd:ee:00' }, { address: 'aa:bb:cc:dd:ee:fe' }]);
  });

  it('uses one session for all calls with session auth, and basic auth without one', async () => {
    const before = (emulator as unknown as { sessions: Map<string, unknown> }).sessions.size;
    const sessionClient = new RedfishClient({ ...settings.redfish, authType: 'session' });
    const viaSession = new RedfishPower(new RedfishSystems(sessionClient, { ...settings, redfish: { ...settings.redfish, authType: 'session' } }));
    for (let i = 0; i < 3; i++) await viaSession.getPowerState(taskFor('437XR1138R2'));
    expect((emulator as unknown as { sessions: Map<string, unknown> }).sessions.size).toBe(before + 1);
    // Closing logs out: the BMC's session slot is free again.
    await sessionClient.close();
    expect((emulator as unknown as { sessions: Map<string, unknown> }).sessions.size).toBe(before);
    expect(await power.getPowerState(taskFor('437XR1138R2', { redfish_auth_type: 'basic' }))).toBe('power on');
  });

  it('finds the only system when redfish_system_id is unset, and asks for it when there are several', async () => {
    const error = await power.getPowerState(taskFor(undefined)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as Error).message).toMatch(/manages 3 systems; set driver_info\/redfish_system_id/);
  });

  it('says the credentials were refused, without the password, for session and basic auth', async () => {
    for (const auth of ['session', 'basic', 'auto']) {
      const error = await power.getPowerState(taskFor('437XR1138R2', { redfish_password: 'Wrong-Secret-77', redfish_auth_type: auth })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedfishError);
      expect((error as Error).message).toMatch(/refused the credentials|returned code 401/);
      expect((error as Error).message).not.toContain('Wrong-Secret-77');
    }
  });

  it('gives up on an unreachable BMC after the configured attempts', async () => {
    const task = taskFor('437XR1138R2', { redfish_address: 'http://127.0.0.1:9', redfish_auth_type: 'basic' });
    const error = await power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishConnectionError);
    expect((error as Error).message).toMatch(/Unable to connect to http:\/\/127\.0\.0\.1:9\. Error: .*2 attempts/);
  });
});
