import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The shared test beds (../shared/testbeds beside the repository, or FERRUM_TESTBEDS_DIR). */
export const TESTBEDS_DIR = process.env.FERRUM_TESTBEDS_DIR ?? resolve(__dirname, '../../../../shared/testbeds');

export interface IpmiSimState {
  port: number;
  power: 'on' | 'off';
  bootdev: string;
  persistent?: boolean;
  uefi?: boolean;
  counts?: Record<string, number>;
}

export interface IpmiSim {
  dir: string;
  basePort: number;
  count: number;
  /** What the BMC on `port` saw, from the state file the simulator writes after every change. */
  state(port: number): IpmiSimState;
  /** Whether the simulator processes still run, and the end of their log (for failure messages). */
  diagnose(): string;
  stop(): Promise<void>;
}

/**
 * N simulated BMCs from ../shared/testbeds/ipmi-sim.sh (pyghmi by default, or OpenIPMI's ipmi_sim),
 * in a private IPMI_SIM_DIR so test files running at once never share state. Credentials admin / `password`.
 */
export async function startIpmiSim(count: number, basePort: number, impl: 'pyghmi' | 'openipmi' = 'pyghmi', password = 'password'): Promise<IpmiSim> {
  const dir = mkdtempSync(join(tmpdir(), `ferrum-ipmi-sim-${impl}-`));
  const env = { ...process.env, IPMI_SIM_DIR: join(dir, 'sim'), IPMI_SIM_IMPL: impl, IPMI_SIM_PASSWORD: password };
  const script = join(TESTBEDS_DIR, 'ipmi-sim.sh');
  const start = () => run(script, ['start', String(count), String(basePort)], { env, timeout: 300_000 });
  await start().catch(async (error: unknown) => {
    // The testbed gives its BMCs 10 s to come up; on a loaded machine (a CI run, two suites at once)
    // Python can take longer. A simulator still starting gets more time; one that died, one more start.
    const pids = existsSync(join(dir, 'sim', 'pids')) ? readFileSync(join(dir, 'sim', 'pids'), 'utf8').split('\n').filter(Boolean) : [];
    if (pids.some((pid) => existsSync(`/proc/${pid}`)) && (await eventually(() => existsSync(join(dir, 'sim', 'state', 'ready')), 60_000))) return;
    await run(script, ['stop'], { env, timeout: 60_000 }).catch(() => undefined);
    await start().catch(async () => {
      // Nothing may outlive a failed start: a simulator left behind would hold its ports for the next run.
      await run(script, ['stop'], { env, timeout: 60_000 }).catch(() => undefined);
      throw error;
    });
  });
  return {
    dir,
    basePort,
    count,
    state: (port) => JSON.parse(readFileSync(join(dir, 'sim', 'state', `${port}.json`), 'utf8')) as IpmiSimState,
    diagnose: () => {
      const read = (f: string) => (existsSync(join(dir, 'sim', f)) ? readFileSync(join(dir, 'sim', f), 'utf8') : '');
      const pids = read('pids').split('\n').filter(Boolean);
      const alive = pids.filter((pid) => existsSync(`/proc/${pid}`));
      const log = read('bmcs.log').split('\n').filter((l) => !l.startsWith('port=')).slice(-20).join('\n');
      return `ipmi-sim: ${alive.length} of ${pids.length} process(es) alive; log (state lines omitted):\n${log}`;
    },
    stop: async () => {
      await run(script, ['stop'], { env, timeout: 60_000 }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
