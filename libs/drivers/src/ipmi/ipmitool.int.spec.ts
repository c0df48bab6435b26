import type { NodeRecord } from '@ferrum/contracts';
import { IPMIFailure, PowerStateFailure } from '@ferrum/errors';
import { IpmiSim, startIpmiSim } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import type { ExclusiveTask } from '../task';
import { IpmitoolManagement } from './ipmitool-management';
import { IpmitoolPower } from './ipmitool-power';
import { IpmitoolRunner } from './ipmitool-runner';

// Private port range for this file (other IPMI test files use other ranges).
const BASE = 17300;
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  ipmi: { ...DEFAULT_BMC_SETTINGS.ipmi, minCommandIntervalMs: 50, commandRetryTimeoutS: 3, attemptTimeoutS: 1 },
  powerStateChangeTimeoutS: 10,
};

const taskFor = (port: number, info: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): ExclusiveTask => ({
  shared: false,
  node: {
    uuid: `node-${port}`,
    driver: 'ipmi',
    driver_info: { ipmi_address: '127.0.0.1', ipmi_port: port, ipmi_username: 'admin', ipmi_password: 'password', ...info },
    properties,
    boot_mode: null,
  } as unknown as NodeRecord,
});

describe('ipmitool power and management against simulated BMCs (pyghmi)', () => {
  let sim: IpmiSim;
  const argvs: string[][] = [];
  const runner = new IpmitoolRunner(settings.ipmi, undefined, ({ argv }) => argvs.push(argv));
  const power = new IpmitoolPower(runner, settings);
  const management = new IpmitoolManagement(runner, settings);

  beforeAll(async () => {
    sim = await startIpmiSim(4, BASE);
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('powers on, off and reboots, each time waiting until the BMC reports the state', async () => {
    const task = taskFor(BASE);
    expect(await power.getPowerState(task)).toBe('power off');
    await power.setPowerState(task, 'power on');
    expect(sim.state(BASE).power).toBe('on');
    expect(await power.getPowerState(task)).toBe('power on');
    await power.setPowerState(task, 'rebooting');
    // Ironic's reboot is off then on (a BMC that is off refuses `power cycle`).
    expect(sim.state(BASE)).toMatchObject({ power: 'on', counts: expect.objectContaining({ power_on: 2, power_off: 1 }) });
    await power.setPowerState(task, 'soft power off');
    expect(sim.state(BASE)).toMatchObject({ power: 'off', counts: expect.objectContaining({ power_soft: 1 }) });
    await power.setPowerState(task, 'rebooting');
    expect(sim.state(BASE).power).toBe('on');
    await power.setPowerState(task, 'power off');
    expect(sim.state(BASE).power).toBe('off');
  }, 60_000);

  it('sets the boot device persistently with the EFI flag in UEFI mode and reads it back', async () => {
    const task = taskFor(BASE + 1);
    await management.setBootDevice(task, 'pxe', true);
    expect(sim.state(BASE + 1)).toMatchObject({ bootdev: 'pxe', persistent: true, uefi: true });
    expect(await management.getBootDevice(task)).toEqual({ boot_device: 'pxe', persistent: true });
    await management.setBootDevice(task, 'disk', false);
    expect(sim.state(BASE + 1)).toMatchObject({ bootdev: 'disk', persistent: false, uefi: true });
    expect(await management.getBootDevice(task)).toEqual({ boot_device: 'disk', persistent: false });
  }, 60_000);

  it('sets the boot device without the EFI flag for a node in BIOS mode', async () => {
    const task = taskFor(BASE + 2, {}, { capabilities: 'boot_mode:bios' });
    await management.setBootDevice(task, 'cdrom', true);
    expect(sim.state(BASE + 2)).toMatchObject({ bootdev: 'cdrom', persistent: true, uefi: false });
    expect(await management.getBootDevice(task)).toEqual({ boot_device: 'cdrom', persistent: true });
  }, 60_000);

  it('says the credentials were refused on a wrong password, without the password anywhere', async () => {
    const task = taskFor(BASE + 3, { ipmi_password: 'not-the-Secret-42' });
    const error = await power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IPMIFailure);
    expect((error as Error).message).toMatch(/refused the session: check ipmi_username, ipmi_password/);
    expect((error as Error).message).not.toContain('not-the-Secret-42');
    expect(sim.state(BASE + 3).power).toBe('off');
  }, 60_000);

  it('gives up on an unreachable BMC after the retry timeout, saying there was no answer', async () => {
    const task = taskFor(BASE + 9);
    const error = await power.setPowerState(task, 'power on').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IPMIFailure);
    expect((error as Error).message).toMatch(/IPMI call failed: power on\. No answer from the BMC at 127\.0\.0\.1:17309 .*Gave up after \d attempt\(s\) within the 3 s retry timeout/);
  }, 60_000);

  it('never puts the password on an ipmitool command line', () => {
    expect(argvs.length).toBeGreaterThan(10);
    for (const argv of argvs) {
      expect(argv.join(' ')).not.toMatch(/password|not-the-Secret-42/);
      expect(argv).toContain('-f');
    }
  });

  it('fails a power action whose state never comes, with PowerStateFailure', async () => {
    // A BMC that acknowledges `power soft` but whose "OS" never shuts down: soft power off times out.
    const slow = new IpmitoolPower(runner, { ...settings, softPowerOffTimeoutS: 1 });
    const task = taskFor(BASE + 2);
    await power.setPowerState(task, 'power on');
    const fakeSoft = jest.spyOn(runner, 'execute');
    fakeSoft.mockImplementation(async (info, command) => (command.join(' ') === 'power soft' ? '' : IpmitoolRunner.prototype.execute.call(runner, info, command)));
    const error = await slow.setPowerState(task, 'soft power off').catch((e: unknown) => e);
    fakeSoft.mockRestore();
    expect(error).toBeInstanceOf(PowerStateFailure);
    expect((error as Error).message).toMatch(/still reports power on after 1 s/);
  }, 60_000);
});
