import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from './ferrum-process';
import { freePort } from './free-port';
import { IronicHttp } from './http';

const exec = promisify(execFile);
export const BAREMETAL = '/usr/bin/baremetal';
const ENV = { ...process.env, PYTHONWARNINGS: 'ignore' };
/** Commands whose output the tests read as JSON (`-f json` is added unless the caller gave a format). */
const JSON_VERBS = ['list', 'show', 'create', 'validate'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr then stdout, as a user reads a failure. */
  out: string;
}

/** python-ironicclient's `baremetal` CLI pointed at one endpoint with no authentication. */
export class BaremetalCli {
  constructor(
    readonly endpoint: string,
    /** A command the CLI runs under, e.g. `ip netns exec <ns>` for an API listening in a network namespace. */
    private readonly prefix: string[] = [],
  ) {}

  /** Runs `baremetal …` and reports how it ended, whatever the exit code. */
  async run(...args: string[]): Promise<CliRun> {
    try {
      const [cmd, ...first] = [...this.prefix, BAREMETAL];
      const { stdout, stderr } = await exec(cmd, [...first, '--os-endpoint', this.endpoint, '--os-auth-type', 'none', ...args], { env: ENV, timeout: 120_000 });
      return { code: 0, stdout, stderr, out: stderr + stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      const [stdout, stderr] = [e.stdout ?? '', e.stderr ?? ''];
      return { code: typeof e.code === 'number' ? e.code : -1, stdout, stderr, out: stderr + stdout };
    }
  }

  /** Runs `baremetal …`, which must succeed; list/show/create/validate return the parsed JSON output. */
  async bm(...args: string[]): Promise<any> {
    const json = JSON_VERBS.some((verb) => args.includes(verb));
    const format = json && !args.includes('-f') ? ['-f', 'json'] : [];
    const result = await this.run(...args, ...format);
    if (result.code !== 0) throw new Error(`baremetal ${args.join(' ')} failed (${result.code}):\n${result.out}`);
    return json ? JSON.parse(result.stdout) : result.stdout;
  }

  /** Runs `baremetal …`, which must fail; returns what it printed. */
  async fails(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code === 0) throw new Error(`baremetal ${args.join(' ')} should have failed`);
    return result.out;
  }
}

/**
 * For one spec file: an all-in-one Ferrum on free ports (in-memory database, plus `env`) started before its
 * tests and stopped after them, and the CLI pointed at it. Without the CLI the tests are skipped, except under
 * CI=true, where that is an error (`.ci/run` installs python3-ironicclient).
 */
export function cliAgainstFerrum(what: string, env: () => Record<string, string> | Promise<Record<string, string>> = () => ({})) {
  const available = existsSync(BAREMETAL);
  let ferrum: FerrumProcess | undefined;
  let cli: BaremetalCli | undefined;

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error(`${BAREMETAL} is required under CI=true (apt-get install python3-ironicclient)`);
      process.stderr.write(`[ferrum tests] baremetal CLI not installed: ${what} skipped\n`);
      return;
    }
    const port = await freePort();
    ferrum = new FerrumProcess('all', { FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: 'memory://', ...(await env()) });
    cli = new BaremetalCli(`http://127.0.0.1:${port}`);
    await new IronicHttp(cli.endpoint).waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum?.logs ?? ''}`);
    });
  });
  afterAll(async () => {
    await ferrum?.kill();
  });

  return {
    available,
    get cli(): BaremetalCli {
      if (!cli) throw new Error('the CLI is used before Ferrum started');
      return cli;
    },
    get ferrum(): FerrumProcess {
      if (!ferrum) throw new Error('Ferrum has not started');
      return ferrum;
    },
    /** A test that runs only where the CLI is installed. */
    maybe: (name: string, fn: () => Promise<void>, timeout = 180_000) =>
      it(name, async () => {
        if (available) await fn();
      }, timeout),
  };
}
