import { readFileSync, statSync } from 'node:fs';
import { IPMIFailure } from '@ferrum/errors';
import { DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { parseIpmiDriverInfo } from './ipmi-driver-info';
import { ProcessResult, IpmitoolRunner } from './ipmitool-runner';

const settings = { ...DEFAULT_BMC_SETTINGS.ipmi, minCommandIntervalMs: 0, commandRetryTimeoutS: 0.2, attemptTimeoutS: 0.05 };
const info = (extra: Record<string, unknown> = {}) =>
  parseIpmiDriverInfo({ uuid: 'n1', driver_info: { ipmi_address: '10.1.2.3', ipmi_username: 'root', ipmi_password: 'S3cret!', ...extra } });

describe('IpmitoolRunner', () => {
  it('builds the command line as Ironic does and passes the password through a 0600 file only', async () => {
    const seen: { args: string[]; password: string; mode: number }[] = [];
    const runner = new IpmitoolRunner(settings, async (_file, args) => {
      const file = args[args.indexOf('-f') + 1];
      seen.push({ args, password: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 });
      return { stdout: 'Chassis Power is on\n', stderr: '', code: 0 };
    });
    const out = await runner.execute(info({ ipmi_port: 6230, ipmi_cipher_suite: 3, ipmi_priv_level: 'OPERATOR', ipmi_bridging: 'dual', ipmi_transit_channel: 1, ipmi_transit_address: '0x82', ipmi_target_channel: 7, ipmi_target_address: '0x72', ipmi_local_address: '0x20' }), ['power', 'status']);
    expect(out).toContain('Chassis Power is on');
    expect(seen).toHaveLength(1);
    const { args, password, mode } = seen[0];
    expect(args.slice(0, 10)).toEqual(['-I', 'lanplus', '-H', '10.1.2.3', '-L', 'OPERATOR', '-p', '6230', '-U', 'root']);
    expect(args).toEqual(expect.arrayContaining(['-C', '3', '-m', '0x20', '-B', '1', '-T', '0x82', '-b', '7', '-t', '0x72', '-R', '1', '-v']));
    expect(args.slice(-2)).toEqual(['power', 'status']);
    expect(args.join(' ')).not.toContain('S3cret!');
    expect(password).toBe('S3cret!');
    expect(mode).toBe(0o600);
  });

  it('speaks IPMI 1.5 (-I lan) and leaves out -U for the NULL user', async () => {
    let args: string[] = [];
    const runner = new IpmitoolRunner(settings, async (_f, a) => ((args = a), { stdout: '', stderr: '', code: 0 }));
    await runner.execute(parseIpmiDriverInfo({ uuid: 'n', driver_info: { ipmi_address: 'bmc', ipmi_protocol_version: '1.5' } }), ['power', 'status']);
    expect(args.slice(0, 2)).toEqual(['-I', 'lan']);
    expect(args).not.toContain('-U');
  });

  it('fails at once, without retrying, when the BMC refuses the credentials', async () => {
    let calls = 0;
    const runner = new IpmitoolRunner(settings, async (): Promise<ProcessResult> => (calls++, { stdout: '', stderr: '> RAKP 2 HMAC is invalid\nError: Unable to establish IPMI v2 / RMCP+ session\n', code: 1 }));
    const error = await runner.execute(info(), ['power', 'on']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IPMIFailure);
    expect((error as Error).message).toBe(
      'IPMI call failed: power on. The BMC at 10.1.2.3:623 refused the session: check ipmi_username, ipmi_password and ipmi_priv_level (RAKP 2 HMAC is invalid; Error: Unable to establish IPMI v2 / RMCP+ session).',
    );
    expect(calls).toBe(1);
  });

  it('retries a BMC that does not answer until the retry timeout, then says so', async () => {
    // A virtual clock: each attempt takes 20 ms of it, whatever else the machine is doing.
    let calls = 0;
    let clock = 0;
    const runner = new IpmitoolRunner(
      { ...settings, commandRetryTimeoutS: 0.3, attemptTimeoutS: 0.01 },
      async () => {
        calls++;
        clock += 20;
        return { stdout: '', stderr: 'Get Auth Capabilities error\nError: Unable to establish IPMI v2 / RMCP+ session\n', code: 1 };
      },
      undefined,
      () => clock,
    );
    const error = await runner.execute(info(), ['power', 'status']).catch((e: unknown) => e);
    // Attempts end at 20, 40 … ms; another starts while it can end (20 ms spacing+waits) within 300 ms.
    expect(calls).toBe(15);
    expect((error as Error).message).toMatch(/No answer from the BMC at 10\.1\.2\.3:623 .* Gave up after 15 attempt\(s\) within the 0\.3 s retry timeout\./);
  });

  it('retries what Ironic retries (a busy BMC) and returns the answer that follows', async () => {
    const replies: ProcessResult[] = [
      { stdout: '', stderr: 'Error: insufficient resources for session\n', code: 1 },
      { stdout: 'Chassis Power is off\n', stderr: '', code: 0 },
    ];
    const runner = new IpmitoolRunner(settings, async () => replies.shift()!, undefined, () => 0);
    await expect(runner.execute(info(), ['power', 'status'])).resolves.toBe('Chassis Power is off\n');
  });

  it('retries a power action whose reply was lost (ipmitool: "Unable to set …"), but not one the BMC refused', async () => {
    const lost = { stdout: '', stderr: 'Running Get VSO Capabilities my_addr 0x20, transit 0, target 0x20\nUnable to set Chassis Power Control to Up/On\n', code: 1 };
    const replies: ProcessResult[] = [lost, { stdout: 'Chassis Power Control: Up/On\n', stderr: '', code: 0 }];
    const runner = new IpmitoolRunner(settings, async () => replies.shift()!, undefined, () => 0);
    await expect(runner.execute(info(), ['power', 'on'])).resolves.toBe('Chassis Power Control: Up/On\n');

    let calls = 0;
    const refused = { stdout: '', stderr: 'Set Chassis Power Control to Cycle failed: Command not supported in present state\n', code: 1 };
    const strict = new IpmitoolRunner(settings, async () => (calls++, refused), undefined, () => 0);
    await expect(strict.execute(info(), ['power', 'cycle'])).rejects.toThrow('power cycle: Set Chassis Power Control to Cycle failed: Command not supported in present state');
    expect(calls).toBe(1);
  });

  it('never lets the password or Kg key into an error message', async () => {
    const runner = new IpmitoolRunner(settings, async () => ({ stdout: '', stderr: 'Error: weird S3cret! echo abcd\n', code: 1 }));
    const error = await runner.execute(info({ ipmi_hex_kg_key: 'abcd' }), ['power', 'status']).catch((e: unknown) => e);
    expect((error as Error).message).not.toMatch(/S3cret!|abcd/);
    expect((error as Error).message).toContain('******');
  });
});
