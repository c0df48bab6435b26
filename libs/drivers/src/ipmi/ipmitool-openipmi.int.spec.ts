import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeRecord } from '@ferrum/contracts';
import { IpmiSim, startIpmiSim } from '@ferrum/testing';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import type { ExclusiveTask } from '../task';
import { IpmitoolManagement } from './ipmitool-management';
import { IpmitoolPower } from './ipmitool-power';
import { IpmitoolRunner } from './ipmitool-runner';

// Private port range for this file. OpenIPMI's ipmi_sim answers cipher suite 3 only when asked for it
// directly (-C 3): without ipmi_cipher_suite every call would first wait 10 s for the suite list.
const PORT = 17320;
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  ipmi: { ...DEFAULT_BMC_SETTINGS.ipmi, minCommandIntervalMs: 100, commandRetryTimeoutS: 5 },
  powerStateChangeTimeoutS: 15,
};

describe("ipmitool against OpenIPMI's ipmi_sim with ipmi_cipher_suite=3", () => {
  let sim: IpmiSim;
  const argvs: string[][] = [];
  const runner = new IpmitoolRunner(settings.ipmi, undefined, ({ argv }) => argvs.push(argv));
  const power = new IpmitoolPower(runner, settings);
  const management = new IpmitoolManagement(runner, settings);
  const task = {
    shared: false,
    node: {
      uuid: 'openipmi-node',
      driver: 'ipmi',
      driver_info: { ipmi_address: '127.0.0.1', ipmi_port: PORT, ipmi_username: 'admin', ipmi_password: 'password', ipmi_cipher_suite: 3 },
      properties: { capabilities: 'boot_mode:bios' },
      boot_mode: null,
    } as unknown as NodeRecord,
  } as ExclusiveTask;

  beforeAll(async () => {
    sim = await startIpmiSim(1, PORT, 'openipmi');
  }, 300_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('powers on, reboots and powers off, and sets the boot device, as the state file shows', async () => {
    expect(await power.getPowerState(task)).toBe('power off');
    await power.setPowerState(task, 'power on');
    expect(sim.state(PORT).power).toBe('on');
    await power.setPowerState(task, 'rebooting');
    expect(sim.state(PORT).power).toBe('on');
    await management.setBootDevice(task, 'pxe', true);
    expect(sim.state(PORT).bootdev).toBe('pxe');
    expect((await management.getBootDevice(task)).boot_device).toBe('pxe');
    await power.setPowerState(task, 'power off');
    expect(sim.state(PORT).power).toBe('off');
    const events = readFileSync(join(sim.dir, 'sim', 'state', `${PORT}.json.events`), 'utf8').trim().split('\n');
    expect(events).toEqual(['power_on', 'power_off', 'power_on', 'set_bootdev pxe', 'power_off']);
    for (const argv of argvs) expect(argv[argv.indexOf('-C') + 1]).toBe('3');
  }, 120_000);
});
