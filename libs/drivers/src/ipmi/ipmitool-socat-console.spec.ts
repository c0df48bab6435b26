import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dict, NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { fakeNode } from '@ferrum/testing';
import { DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { ConsolePorts } from '../console/console-ports';
import { ConsoleSettings, DEFAULT_CONSOLE_SETTINGS } from '../console/console-settings';
import { SocatConsoles } from '../console/socat-consoles';
import type { ExclusiveTask } from '../task';
import { IpmitoolRunner } from './ipmitool-runner';
import { IpmitoolSocatConsole } from './ipmitool-socat-console';

const PASSWORD = 'unit-S3cret';

function setup(settings: Partial<ConsoleSettings> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-console-spec-'));
  const full = { ...DEFAULT_CONSOLE_SETTINGS, pidDir: dir, ...settings };
  const calls: string[][] = [];
  // No BMC: `sol deactivate` answers as ipmitool does for a session that is not active (exit 1).
  const runner = new IpmitoolRunner({ ...DEFAULT_BMC_SETTINGS.ipmi, minCommandIntervalMs: 0 }, async (_file, args) => {
    calls.push(args);
    return { stdout: '', stderr: 'Info: SOL payload already de-activated', code: 1 };
  });
  const consoles = new SocatConsoles(full);
  const console = new IpmitoolSocatConsole(runner, consoles, new ConsolePorts(full.portRange, full.socatAddress), full);
  return { console, consoles, calls, cleanup: async () => (await consoles.stopAll(), rmSync(dir, { recursive: true, force: true })) };
}

function task(driverInfo: Dict): ExclusiveTask & { node: NodeRecord } {
  const t: ExclusiveTask & { node: NodeRecord } = {
    node: fakeNode({ driver: 'ipmi', driver_info: { ipmi_address: '127.0.0.1', ipmi_username: 'admin', ipmi_password: PASSWORD, ...driverInfo } }),
    shared: false,
    record: async (changes) => {
      t.node = { ...t.node, ...changes };
    },
  };
  return t;
}

describe('ipmitool-socat console', () => {
  it('validates as Ironic: a port to serve on, IPMI 2.0, a valid terminal port', async () => {
    const { console, cleanup } = setup();
    await expect(console.validate(task({}))).rejects.toThrow(MissingParameterValue);
    await expect(console.validate(task({}))).rejects.toThrow("Either missing 'ipmi_terminal_port' parameter in node's driver_info or [console]port_range is not configured");
    await expect(console.validate(task({ ipmi_terminal_port: 9000, ipmi_protocol_version: '1.5' }))).rejects.toThrow(InvalidParameterValue);
    await expect(console.validate(task({ ipmi_terminal_port: 'abc' }))).rejects.toThrow('ipmi_terminal_port "abc" is not a valid port.');
    await expect(console.validate(task({ ipmi_terminal_port: 9000 }))).resolves.toBeUndefined();
    expect(console.getProperties()).toHaveProperty('ipmi_terminal_port');
    await cleanup();
  });

  it('names the socat URL, IPv6 in brackets', async () => {
    const v4 = setup({ socatAddress: '192.0.2.5' });
    expect(await v4.console.getConsole(task({ ipmi_terminal_port: 9001 }))).toEqual({ type: 'socat', url: 'tcp://192.0.2.5:9001' });
    const v6 = setup({ socatAddress: '::1' });
    expect(await v6.console.getConsole(task({ ipmi_terminal_port: 9001 }))).toEqual({ type: 'socat', url: 'tcp://[::1]:9001' });
    await v4.cleanup();
    await v6.cleanup();
  });

  it('takes a port from the range, deactivates SOL first, and gives the port back when stopped', async () => {
    const { console, consoles, calls, cleanup } = setup({ portRange: { start: 17960, stop: 17963 } });
    const a = task({});
    const b = task({});
    await console.startConsole(a);
    await console.startConsole(b);
    const [pa, pb] = [a.node.driver_internal_info.allocated_ipmi_terminal_port, b.node.driver_internal_info.allocated_ipmi_terminal_port];
    expect(pa).toBe(17960);
    expect(pb).toBe(17961);
    expect(calls.map((argv) => argv.slice(-2).join(' '))).toEqual(['sol deactivate', 'sol deactivate']);
    expect(calls.flat()).not.toContain(PASSWORD);
    expect(consoles.pid(a.node.uuid)).toBeGreaterThan(1);
    await console.stopConsole(a);
    expect(a.node.driver_internal_info).not.toHaveProperty('allocated_ipmi_terminal_port');
    expect(consoles.pid(a.node.uuid)).toBeUndefined();
    // The port a stopped console gave back is the next one handed out.
    const c = task({});
    await console.startConsole(c);
    expect(c.node.driver_internal_info.allocated_ipmi_terminal_port).toBe(17960);
    await cleanup();
  });
});
