import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPMIFailure } from '@ferrum/errors';
import type { IpmiSettings } from '../bmc/bmc-settings';
import { redact } from '../bmc/redact';
import { BmcScheduler } from './bmc-scheduler';
import { IpmiDriverInfo, bmcKey } from './ipmi-driver-info';

export interface ProcessResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a program without a shell (a seam for unit tests). */
export type ProcessRunner = (file: string, args: string[], timeoutMs: number) => Promise<ProcessResult>;

const execRunner: ProcessRunner = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr) + (error && typeof error.code !== 'number' ? `\n${error.message}` : ''), code });
    });
  });

/** ipmitool -v prints these on stderr; they say how the session failed. */
const AUTH_FAILURES = [/RAKP 2 HMAC is invalid/i, /unauthorized name/i, /insufficient privilege/i, /invalid (user ?name|password)/i, /RAKP 2 message indicates an error/i];
/** Silence after RAKP 1: an unknown user on BMCs that drop such requests, or a BMC too busy to answer; retried. */
const NO_RAKP_ANSWER = /no response from RAKP 1/i;
// ipmitool says "Unable to …" when a command got no response at all ("… failed: <reason>" when the BMC refused it).
const NO_ANSWER = [
  /Get Auth Capabilities error/i,
  /Error issuing Get Channel Authentication Capabilities/i,
  /No response from remote controller/i,
  /Unable to get Chassis Power Status/i,
  /Unable to set Chassis Power Control/i,
  /Unable to establish LAN session/i,
];
/** Ironic's IPMITOOL_RETRYABLE_FAILURES: the BMC is there but busy. */
const RETRYABLE = [/insufficient resources for session/i, /Node busy/i, /Timeout/i, /Out of space/i, /BMC initialization in progress/i];
/** Noise ipmitool -v prints on every call. */
const NOISE = [/^Loading IANA PEN Registry/, /^Using best available cipher suite/, /^Running Get PICMG Properties/, /^Discovered IPMB/, /^Get Device ID command failed/, /^$/];

export type IpmiCallObserver = (call: { bmc: string; argv: string[] }) => void;

/**
 * Ironic's ipmitool.execute: builds the ipmitool command line from driver_info the way Ironic does
 * (-I lanplus|lan, -H, -L, -p, -U, -C, bridging, -f PASSWORD_FILE), runs it through the per-BMC
 * scheduler, and retries what is worth retrying until the command retry timeout. The password goes
 * through a 0600 file that exists only for the call, so it is never on a command line (ps) or in a log.
 */
export class IpmitoolRunner {
  private readonly scheduler: BmcScheduler;

  constructor(
    private readonly settings: IpmiSettings,
    private readonly runProcess: ProcessRunner = execRunner,
    /** Sees every argv run (tests use it to prove the password is never on it). */
    private readonly observe?: IpmiCallObserver,
    /** Milliseconds, monotonic; the retry deadline is measured on it (tests pass a virtual clock so a busy machine cannot eat the budget). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.scheduler = new BmcScheduler(settings.maxParallel, settings.minCommandIntervalMs);
  }

  /**
   * Runs `ipmitool … <command>` and returns its stdout; `acceptExitCodes` are exit codes that mean success
   * too (Ironic's check_exit_code, e.g. 1 for `sol deactivate` on an inactive session). @throws IPMIFailure
   */
  async execute(info: IpmiDriverInfo, command: string[], acceptExitCodes: number[] = []): Promise<string> {
    // The retry clock starts with the first attempt, not while the call waits its turn behind other calls.
    let deadline = Infinity;
    for (let attempt = 1; ; attempt++) {
      const result = await this.scheduler.run(bmcKey(info), () => {
        if (deadline === Infinity) deadline = this.now() + this.settings.commandRetryTimeoutS * 1000;
        return this.once(info, command);
      });
      if (result.code === 0 || acceptExitCodes.includes(result.code)) return result.stdout;
      const problem = this.classify(info, command, result);
      // Retry only if another attempt (spacing plus ipmitool's own two waits) still ends before the deadline.
      const nextEnds = this.now() + this.settings.minCommandIntervalMs + 2 * this.settings.attemptTimeoutS * 1000;
      const retryAgain = problem.retryable && nextEnds <= deadline;
      if (!retryAgain) {
        const gaveUp = problem.retryable ? ` Gave up after ${attempt} attempt(s) within the ${this.settings.commandRetryTimeoutS} s retry timeout.` : '';
        throw new IPMIFailure({ message: redact(`IPMI call failed: ${command.join(' ')}. ${problem.message}${gaveUp}`, [info.password, info.hexKgKey]) });
      }
    }
  }

  argv(info: IpmiDriverInfo, passwordFile: string, command: string[]): string[] {
    // One attempt per ipmitool run: the retries (and the spacing between them) are ours, per BMC.
    const args = [...this.sessionArgs(info), '-R', '1', '-N', String(this.settings.attemptTimeoutS), '-v', '-f', passwordFile];
    // ipmitool reads the Kg key only from the command line (-y); Ironic does the same.
    if (info.hexKgKey) args.push('-y', info.hexKgKey);
    return [...args, ...command];
  }

  /**
   * The argv of an interactive session (the serial console's `sol activate`): no verbose output (it would
   * land in the console), and the password from IPMI_PASSWORD in the environment (-E): the process lives as
   * long as the session, longer than a password file should.
   */
  interactiveArgv(info: IpmiDriverInfo, command: string[]): string[] {
    const argv = [...this.sessionArgs(info), '-E', ...(info.hexKgKey ? ['-y', info.hexKgKey] : []), ...command];
    this.observe?.({ bmc: bmcKey(info), argv });
    return [this.settings.ipmitoolPath, ...argv];
  }

  /** How to reach and log in to the BMC: interface, address, privilege, port, user, cipher suite, bridging. */
  private sessionArgs(info: IpmiDriverInfo): string[] {
    const args = ['-I', info.protocolVersion === '2.0' ? 'lanplus' : 'lan', '-H', info.address, '-L', info.privLevel];
    if (info.port) args.push('-p', String(info.port));
    if (info.username) args.push('-U', info.username);
    if (info.cipherSuite !== undefined) args.push('-C', String(info.cipherSuite));
    if (info.bridging !== 'no') {
      if (info.localAddress) args.push('-m', info.localAddress);
      if (info.bridging === 'dual') args.push('-B', info.transitChannel!, '-T', info.transitAddress!);
      args.push('-b', info.targetChannel!, '-t', info.targetAddress!);
    }
    return args;
  }

  private async once(info: IpmiDriverInfo, command: string[]): Promise<ProcessResult> {
    const dir = await mkdtemp(join(tmpdir(), 'ferrum-ipmi-'));
    const file = join(dir, 'pw');
    try {
      // An empty password file makes ipmitool prompt; Ironic writes a NUL for "no password".
      await writeFile(file, info.password || '\0', { mode: 0o600 });
      const argv = this.argv(info, file, command);
      this.observe?.({ bmc: bmcKey(info), argv });
      // ipmitool gives up by itself after about two -N periods; the kill is a backstop.
      return await this.runProcess(this.settings.ipmitoolPath, argv, (this.settings.attemptTimeoutS * 4 + 10) * 1000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private classify(info: IpmiDriverInfo, command: string[], result: ProcessResult): { retryable: boolean; message: string } {
    const lines = result.stderr
      .split('\n')
      .map((l) => l.replace(/^>\s*/, '').trim())
      .filter((l) => !NOISE.some((re) => re.test(l)));
    const detail = [...new Set(lines)].join('; ') || `ipmitool exited with code ${result.code}`;
    const bmc = `${info.address}:${info.port ?? 623}`;
    if (AUTH_FAILURES.some((re) => re.test(result.stderr))) {
      return { retryable: false, message: `The BMC at ${bmc} refused the session: check ipmi_username, ipmi_password and ipmi_priv_level (${detail}).` };
    }
    if (NO_RAKP_ANSWER.test(result.stderr)) {
      return { retryable: true, message: `No answer from the BMC at ${bmc} during session set-up: it is busy, or does not know ipmi_username (${detail}).` };
    }
    if (NO_ANSWER.some((re) => re.test(result.stderr))) {
      return { retryable: true, message: `No answer from the BMC at ${bmc} (${detail}).` };
    }
    if (/ENOENT|not found/i.test(result.stderr) && result.code !== 1) {
      return { retryable: false, message: `ipmitool could not be run (${detail}).` };
    }
    return { retryable: RETRYABLE.some((re) => re.test(result.stderr)), message: `${command.join(' ')}: ${detail}` };
  }
}
