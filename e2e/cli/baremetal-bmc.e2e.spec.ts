import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IpmiSim, TESTBEDS_DIR, inCI, startIpmiSim } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const exec = promisify(execFile);
const BAREMETAL = '/usr/bin/baremetal';
const ENV = { ...process.env, PYTHONWARNINGS: 'ignore' };
const EMULATOR_BIN = join(__dirname, '..', '..', 'libs', 'bmc-emulator', 'bin', 'ferrum-bmc-emulator.js');
const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
// Private port range for this file's simulated IPMI BMCs.
const IPMI_PORT = 17600;
// Distinct secrets, so that finding them in any output means a leak (not the word "password").
const IPMI_SECRET = 'Ipmi-Secret-7731';
const REDFISH_SECRET = 'Redfish-Secret-5519';
const WRONG_SECRET = 'Wrong-Secret-2208';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real `baremetal` CLI against real BMC protocol peers: an `ipmi` node on a pyghmi BMC
 * (../shared/testbeds/ipmi-sim.sh) and a `redfish` node on the Redfish BMC emulator started through
 * its own CLI. Mandatory under CI=true; skipped elsewhere if the CLI is absent.
 */
describe('real baremetal CLI with ipmi and redfish nodes', () => {
  const available = existsSync(BAREMETAL);
  let ferrum: FerrumProcess;
  let endpoint: string;
  let sim: IpmiSim;
  let emulator: ChildProcess;
  let emulatorUrl: string;
  let emulatorOutput = '';
  const cliOutput: string[] = [];

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error(`${BAREMETAL} is required under CI=true (apt-get install python3-ironicclient)`);
      process.stderr.write('[ferrum tests] baremetal CLI not installed: BMC CLI conformance skipped\n');
      return;
    }
    sim = await startIpmiSim(1, IPMI_PORT, 'pyghmi', IPMI_SECRET);
    const emulatorPort = await freePort();
    emulator = spawn(process.execPath, [EMULATOR_BIN, '--mockup', MOCKUP, '--port', String(emulatorPort), '--systems', '2', '--power-delay-ms', '200', '--log-events'], {
      env: { PATH: process.env.PATH ?? '', FERRUM_BMC_EMULATOR_PASSWORD: REDFISH_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emulator.stdout?.on('data', (d: Buffer) => (emulatorOutput += d.toString()));
    emulator.stderr?.on('data', (d: Buffer) => (emulatorOutput += d.toString()));
    emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    for (let i = 0; i < 200 && !emulatorOutput.includes('listening'); i++) await new Promise((r) => setTimeout(r, 50));
    if (!emulatorOutput.includes('listening')) throw new Error(`the emulator did not start:\n${emulatorOutput}`);

    const port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      // Debug logs, so the secrecy check below sees everything the conductor says about BMC calls.
      FERRUM_LOG_LEVEL: 'debug',
      FERRUM_IPMI_MIN_COMMAND_INTERVAL_MS: '100',
      FERRUM_IPMI_COMMAND_RETRY_TIMEOUT_S: '3',
      FERRUM_POWER_POLL_INTERVAL_MS: '100',
    });
    endpoint = `http://127.0.0.1:${port}`;
    await new IronicHttp(endpoint).waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  }, 180_000);
  afterAll(async () => {
    await ferrum?.kill();
    if (emulator && emulator.exitCode === null) {
      const exited = new Promise((r) => emulator.once('exit', r));
      emulator.kill('SIGTERM');
      await exited;
    }
    await sim?.stop();
  });

  async function bmRun(...args: string[]): Promise<Run> {
    try {
      const { stdout, stderr } = await exec(BAREMETAL, ['--os-endpoint', endpoint, '--os-auth-type', 'none', ...args], { env: ENV, timeout: 120_000 });
      cliOutput.push(stdout, stderr);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      cliOutput.push(e.stdout ?? '', e.stderr ?? '');
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }
  async function bm(...args: string[]): Promise<any> {
    const json = ['list', 'show', 'create'].some((verb) => args.includes(verb));
    const result = await bmRun(...args, ...(json ? ['-f', 'json'] : []));
    if (result.code !== 0) throw new Error(`baremetal ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}\n${ferrum.logs.slice(-3000)}`);
    return json ? JSON.parse(result.stdout) : result.stdout;
  }
  const settled = (uuid: string, check: (n: any) => boolean) =>
    new IronicHttp(endpoint).until(`/v1/nodes/${uuid}`, (n) => check(n) && n.reservation === null && n.target_power_state === null, 60_000);
  const emulatorSystem = async () => {
    const auth = `Basic ${Buffer.from(`admin:${REDFISH_SECRET}`).toString('base64')}`;
    return (await (await fetch(`${emulatorUrl}/redfish/v1/Systems/437XR1138R2`, { headers: { authorization: auth } })).json()) as any;
  };
  const maybe = (name: string, fn: () => Promise<void>, timeout = 180_000) =>
    it(name, async () => {
      if (available) await fn();
    }, timeout);

  maybe('enrolls an ipmi node, manage --wait checks it through the BMC, power on/off, boot device set pxe --persistent', async () => {
    const created = await bm('node', 'create', '--driver', 'ipmi', '--name', 'cli-ipmi',
      '--driver-info', 'ipmi_address=127.0.0.1', '--driver-info', `ipmi_port=${IPMI_PORT}`,
      '--driver-info', 'ipmi_username=admin', '--driver-info', `ipmi_password=${IPMI_SECRET}`);
    expect(created).toMatchObject({ driver: 'ipmi', power_interface: 'ipmitool', management_interface: 'ipmitool', provision_state: 'enroll' });
    expect(created.driver_info.ipmi_password).toBe('******');
    await bm('node', 'manage', 'cli-ipmi', '--wait', '60');
    expect(await bm('node', 'show', 'cli-ipmi')).toMatchObject({ provision_state: 'manageable', power_state: 'power off', last_error: null });

    await bm('node', 'power', 'on', 'cli-ipmi');
    await settled(created.uuid, (n) => n.power_state === 'power on');
    expect(sim.state(IPMI_PORT).power).toBe('on');
    await bm('node', 'power', 'off', 'cli-ipmi');
    await settled(created.uuid, (n) => n.power_state === 'power off');
    expect(sim.state(IPMI_PORT).power).toBe('off');

    await bm('node', 'boot', 'device', 'set', 'cli-ipmi', 'pxe', '--persistent');
    expect(sim.state(IPMI_PORT)).toMatchObject({ bootdev: 'pxe', persistent: true, uefi: true });
    expect(await bm('node', 'boot', 'device', 'show', 'cli-ipmi')).toEqual({ boot_device: 'pxe', persistent: true });
  });

  maybe('enrolls a redfish node, manage --wait, power off/on, boot device set pxe --persistent', async () => {
    const created = await bm('node', 'create', '--driver', 'redfish', '--name', 'cli-redfish',
      '--driver-info', `redfish_address=${emulatorUrl}`, '--driver-info', 'redfish_system_id=/redfish/v1/Systems/437XR1138R2',
      '--driver-info', 'redfish_username=admin', '--driver-info', `redfish_password=${REDFISH_SECRET}`);
    expect(created).toMatchObject({ driver: 'redfish', power_interface: 'redfish', management_interface: 'redfish', inspect_interface: 'redfish' });
    expect(created.driver_info.redfish_password).toBe('******');
    await bm('node', 'manage', 'cli-redfish', '--wait', '60');
    expect(await bm('node', 'show', 'cli-redfish')).toMatchObject({ provision_state: 'manageable', power_state: 'power on' });

    await bm('node', 'power', 'off', 'cli-redfish');
    await settled(created.uuid, (n) => n.power_state === 'power off');
    expect((await emulatorSystem()).PowerState).toBe('Off');
    await bm('node', 'power', 'on', 'cli-redfish');
    await settled(created.uuid, (n) => n.power_state === 'power on');
    expect((await emulatorSystem()).PowerState).toBe('On');

    await bm('node', 'boot', 'device', 'set', 'cli-redfish', 'pxe', '--persistent');
    expect((await emulatorSystem()).Boot).toMatchObject({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous', BootSourceOverrideMode: 'UEFI' });
    expect(await bm('node', 'boot', 'device', 'show', 'cli-redfish')).toEqual({ boot_device: 'pxe', persistent: true });
    await bm('node', 'boot', 'mode', 'set', 'cli-redfish', 'bios');
    await settled(created.uuid, (n) => n.boot_mode === 'bios');
    expect((await emulatorSystem()).Boot).toMatchObject({ BootSourceOverrideMode: 'Legacy' });
    await bm('node', 'boot', 'mode', 'set', 'cli-redfish', 'uefi');
    await settled(created.uuid, (n) => n.boot_mode === 'uefi');
    await bm('node', 'inject', 'nmi', 'cli-redfish');
    for (let i = 0; i < 100 && !emulatorOutput.includes('"event":"nmi"'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(emulatorOutput).toContain('"event":"nmi"');
    expect(emulatorOutput).toContain('"event":"boot-override"');
  });

  maybe('redfish BIOS: manage caches the settings in force, a manual clean applies a setting and resets to factory values', async () => {
    const created = await bm('node', 'create', '--driver', 'redfish', '--name', 'cli-redfish-bios',
      '--driver-info', `redfish_address=${emulatorUrl}`, '--driver-info', 'redfish_system_id=/redfish/v1/Systems/437XR1138R2-0001',
      '--driver-info', 'redfish_username=admin', '--driver-info', `redfish_password=${REDFISH_SECRET}`);
    expect(created.bios_interface).toBe('redfish');
    await bm('node', 'manage', 'cli-redfish-bios', '--wait', '60');
    const setting = async (name: string) => (await bm('node', 'bios', 'setting', 'show', 'cli-redfish-bios', name)).value;
    expect(await bm('node', 'bios', 'setting', 'list', 'cli-redfish-bios')).toHaveLength(10);
    expect(await setting('ProcTurboMode')).toBe('Enabled');

    // The BIOS steps run out of band: cleaning without booting the agent ramdisk (1.70 disable_ramdisk), which
    // Debian's CLI cannot ask for (it has no --disable-ramdisk), so these go through the API; as in Ironic,
    // a manual clean of a `direct` node would otherwise boot the agent first and wait for it.
    const api = new IronicHttp(endpoint, '1.70');
    const clean = async (steps: unknown[]) => {
      expect((await api.put(`/v1/nodes/${created.uuid}/states/provision`, { target: 'clean', clean_steps: steps, disable_ramdisk: true })).status).toBe(202);
      return api.until(`/v1/nodes/${created.uuid}`, (n) => ['manageable', 'clean failed'].includes(n.provision_state) && n.reservation === null, 120_000);
    };
    expect(await clean([{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }, { name: 'NicBoot2', value: 'NetworkBoot' }] } }])).toMatchObject({ provision_state: 'manageable', last_error: null });
    expect(await setting('ProcTurboMode')).toBe('Disabled');
    expect(await setting('NicBoot2')).toBe('NetworkBoot');
    expect(emulatorOutput).toContain('"event":"bios","system":"437XR1138R2-0001"');

    expect(await clean([{ interface: 'bios', step: 'factory_reset' }])).toMatchObject({ provision_state: 'manageable', last_error: null });
    expect(await setting('ProcTurboMode')).toBe('Enabled');
    expect(await setting('NicBoot2')).toBe('Disabled');

    await clean([{ interface: 'bios', step: 'apply_configuration', args: { settings: [{ name: 'NoSuchSetting', value: 'x' }] } }]);
    expect(await bm('node', 'show', 'cli-redfish-bios')).toMatchObject({ provision_state: 'clean failed', last_error: expect.stringMatching(/Redfish BIOS apply configuration failed for node .*NoSuchSetting/) });
    await bm('node', 'delete', created.uuid);
  });

  maybe('redfish secure boot on / off and the system LED (plain HTTP: the CLI has no indicator command)', async () => {
    const created = await bm('node', 'create', '--driver', 'redfish', '--name', 'cli-redfish-sb',
      '--driver-info', `redfish_address=${emulatorUrl}`, '--driver-info', 'redfish_system_id=/redfish/v1/Systems/437XR1138R2-0001',
      '--driver-info', 'redfish_username=admin', '--driver-info', `redfish_password=${REDFISH_SECRET}`);
    await bm('node', 'manage', 'cli-redfish-sb', '--wait', '60');
    await bm('node', 'secure', 'boot', 'on', 'cli-redfish-sb');
    await settled(created.uuid, (n) => n.secure_boot === true);
    expect(emulatorOutput).toContain('"event":"secure-boot","system":"437XR1138R2-0001","enabled":true');
    await bm('node', 'secure', 'boot', 'off', 'cli-redfish-sb');
    await settled(created.uuid, (n) => n.secure_boot === false);

    const http = new IronicHttp(endpoint, '1.63');
    const listed = await http.get(`/v1/nodes/${created.uuid}/management/indicators`);
    expect(listed.status).toBe(200);
    const system = listed.json.indicators.find((i: any) => i.component === 'system');
    expect(system).toMatchObject({ readonly: false, states: ['blinking', 'off', 'on'] });
    const set = await http.put(`/v1/nodes/${created.uuid}/management/indicators/${system.name}`, { state: 'blinking' });
    expect({ status: set.status, text: set.text }).toEqual({ status: 204, text: '' });
    expect(emulatorOutput).toContain('"event":"indicator","resource":"/redfish/v1/Systems/437XR1138R2-0001","led":"Blinking"');
    const read = await http.get(`/v1/nodes/${created.uuid}/management/indicators/${system.name}`);
    expect(read.json).toEqual({ state: 'blinking' });
    await bm('node', 'delete', created.uuid);
  });

  maybe('a wrong password fails manage --wait with a clear error', async () => {
    await bm('node', 'create', '--driver', 'ipmi', '--name', 'cli-ipmi-bad',
      '--driver-info', 'ipmi_address=127.0.0.1', '--driver-info', `ipmi_port=${IPMI_PORT}`,
      '--driver-info', 'ipmi_username=admin', '--driver-info', `ipmi_password=${WRONG_SECRET}`);
    const result = await bmRun('node', 'manage', 'cli-ipmi-bad', '--wait', '60');
    expect(result.code).not.toBe(0);
    const shown = await bm('node', 'show', 'cli-ipmi-bad');
    expect(shown).toMatchObject({ provision_state: 'enroll', reservation: null });
    expect(shown.last_error).toMatch(/refused the session: check ipmi_username, ipmi_password/);
    // The error is in the node's history too, as the verification that failed.
    const history = await bm('node', 'history', 'list', 'cli-ipmi-bad', '--long');
    expect(history).toContainEqual(expect.objectContaining({ Severity: 'ERROR', 'Event Origin Type': 'verifying', 'Description of the event': shown.last_error }));
    const event = history.find((e: any) => e['Event Origin Type'] === 'verifying');
    const got = await bmRun('node', 'history', 'get', 'cli-ipmi-bad', event.UUID, '-f', 'json');
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ uuid: event.UUID, severity: 'ERROR', event_type: 'verifying', event: shown.last_error });
  });

  maybe('never shows a *_password in API output, CLI output or logs', async () => {
    const nodes = await bm('node', 'list', '--long');
    expect(JSON.stringify(nodes)).not.toMatch(new RegExp(`${IPMI_SECRET}|${REDFISH_SECRET}|${WRONG_SECRET}`));
    for (const text of [...cliOutput, ferrum.logs]) {
      for (const secret of [IPMI_SECRET, REDFISH_SECRET, WRONG_SECRET]) expect(text).not.toContain(secret);
    }
    // The logs did record the BMC work (so the check above looked at something).
    expect(ferrum.logs).toMatch(/power state changed/);
  });
});
