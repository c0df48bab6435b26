import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const exec = promisify(execFile);
const BAREMETAL = '/usr/bin/baremetal';
const ENV = { ...process.env, PYTHONWARNINGS: 'ignore' };

/**
 * `baremetal node console enable / show / disable` (python-ironicclient, API states/console) against an
 * all-in-one Ferrum with fake hardware: the fake console (Ironic's FakeConsole) and a node with no-console.
 * Mandatory under CI=true; skipped elsewhere if the CLI is absent.
 */
describe('real baremetal CLI: node console', () => {
  const available = existsSync(BAREMETAL);
  let ferrum: FerrumProcess;
  let endpoint: string;

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error(`${BAREMETAL} is required under CI=true (apt-get install python3-ironicclient)`);
      process.stderr.write('[ferrum tests] baremetal CLI not installed: CLI console conformance skipped\n');
      return;
    }
    const port = await freePort();
    ferrum = new FerrumProcess('all', { FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: 'memory://', FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' });
    endpoint = `http://127.0.0.1:${port}`;
    await new IronicHttp(endpoint).waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  });
  afterAll(async () => {
    await ferrum?.kill();
  });

  async function bmRun(...args: string[]): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await exec(BAREMETAL, ['--os-endpoint', endpoint, '--os-auth-type', 'none', ...args], { env: ENV, timeout: 120_000 });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, out: (e.stderr ?? '') + (e.stdout ?? '') };
    }
  }
  async function bm(...args: string[]): Promise<string> {
    const result = await bmRun(...args);
    if (result.code !== 0) throw new Error(`baremetal ${args.join(' ')} failed (${result.code}):\n${result.out}`);
    return result.out;
  }
  const show = async (node: string) => JSON.parse(await bm('node', 'console', 'show', node, '-f', 'json'));
  /** The console changes in the background (202): poll `console show` as a user would. */
  async function showUntil(node: string, enabled: boolean): Promise<Record<string, unknown>> {
    const end = Date.now() + 30_000;
    for (;;) {
      const state = await show(node);
      if (state.console_enabled === enabled || Date.now() > end) return state;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('enables, shows and disables the console of a fake-hardware node', async () => {
    if (!available) return;
    await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'console-cli');
    expect(await show('console-cli')).toEqual({ console_enabled: false, console_info: null });
    await bm('node', 'console', 'enable', 'console-cli');
    expect(await showUntil('console-cli', true)).toEqual({ console_enabled: true, console_info: {} });
    const node = JSON.parse(await bm('node', 'show', 'console-cli', '-f', 'json', '--fields', 'console_enabled', 'console_interface', 'last_error'));
    expect(node).toEqual({ console_enabled: true, console_interface: 'fake', last_error: null });
    await bm('node', 'console', 'disable', 'console-cli');
    expect(await showUntil('console-cli', false)).toEqual({ console_enabled: false, console_info: null });
  }, 120_000);

  it('reports a node without a console interface as Ironic does', async () => {
    if (!available) return;
    await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'console-none', '--console-interface', 'no-console');
    const result = await bmRun('node', 'console', 'enable', 'console-none');
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('Driver fake-hardware does not support console (disabled or not implemented).');
    expect(result.out).toContain('HTTP 400');
    expect(await show('console-none')).toEqual({ console_enabled: false, console_info: null });
  }, 60_000);
});
