import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopChild } from '../support/stop-child';

const run = promisify(execFile);

/** Debian's Ironic is importable only by the system interpreter (not by a pyenv or venv python on PATH). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const IRONIC_PACKAGE = '/usr/lib/python3/dist-packages/ironic/cmd/singleprocess.py';

export function realIronicInstalled(): boolean {
  return existsSync(SYSTEM_PYTHON) && existsSync(IRONIC_PACKAGE);
}

/**
 * The reference: Debian's Ironic 21.4 (python3-ironic, API 1.82) in one process (`ironic` =
 * ironic.cmd.singleprocess: API + conductor, rpc_transport=none) on SQLite, noauth, configured like
 * the Ferrum it is compared with. Started and stopped by PID by the suite itself.
 */
export class RealIronic {
  private child?: ChildProcess;
  private output = '';
  readonly dir: string;

  constructor(
    readonly port: number,
    private readonly settings: Record<string, Record<string, string>> = {},
    /** Headers the start-up probe sends (credentials, when Ironic runs with authentication). */
    private readonly probeHeaders: Record<string, string> = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'ferrum-real-ironic-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** ironic.conf: the sections Ironic needs to start here, overlaid with the suite's settings. */
  private config(): string {
    const sections: Record<string, Record<string, string>> = {
      DEFAULT: {
        auth_strategy: 'noauth',
        rpc_transport: 'none',
        host: 'ironic-reference',
        use_stderr: 'true',
        debug: 'false',
      },
      api: { host_ip: '127.0.0.1', port: String(this.port) },
      database: { connection: `sqlite:///${join(this.dir, 'ironic.sqlite')}` },
      dhcp: { dhcp_provider: 'none' },
      deploy: { http_root: join(this.dir, 'httpboot'), http_url: 'http://127.0.0.1:1' },
      pxe: { tftp_root: join(this.dir, 'tftpboot') },
      oslo_concurrency: { lock_path: join(this.dir, 'locks') },
    };
    for (const [section, values] of Object.entries(this.settings)) sections[section] = { ...sections[section], ...values };
    return Object.entries(sections)
      .map(([section, values]) => `[${section}]\n${Object.entries(values).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`)
      .join('\n');
  }

  async start(timeoutMs = 60_000): Promise<void> {
    for (const sub of ['httpboot', 'tftpboot', 'locks']) mkdirSync(join(this.dir, sub), { recursive: true });
    const conf = join(this.dir, 'ironic.conf');
    writeFileSync(conf, this.config());
    const python = (argv0: string, module: string, extra: string[]) => [
      '-c',
      `import sys; sys.argv=[${JSON.stringify(argv0)},"--config-file",${JSON.stringify(conf)},${extra.map((a) => JSON.stringify(a)).join(',')}]; from ${module} import main; main()`,
    ];
    await run(SYSTEM_PYTHON, python('ironic-dbsync', 'ironic.cmd.dbsync', ['create_schema']), { timeout: 120_000 });
    this.child = spawn(SYSTEM_PYTHON, python('ironic', 'ironic.cmd.singleprocess', []), {
      cwd: this.dir,
      // A fixed hash seed: Ironic merges a hardware type's properties over a set of interface kinds, so with a
      // random seed deploy_ramdisk's text (boot's or deploy's) changes from run to run.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONWARNINGS: 'ignore', LANG: 'C.UTF-8', PYTHONHASHSEED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000)));
    this.child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000)));
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.child.exitCode !== null) throw new Error(`the real Ironic exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        // The conductor registers before the API starts listening, so an answer means both are up.
        const r = await fetch(`${this.url}/v1/drivers`, { headers: this.probeHeaders });
        if (r.status === 200 && ((await r.json()) as { drivers: unknown[] }).drivers.length > 0) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the real Ironic did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Stops the process by PID and removes its directory. */
  async stop(): Promise<void> {
    await stopChild(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
