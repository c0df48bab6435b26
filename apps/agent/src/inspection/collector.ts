import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** What a collector may touch, injectable so specs can give it a fake sysfs tree and fake programs. */
export interface CollectorContext {
  /** Where sysfs is mounted: `/sys` on the machine, a temporary tree in specs. */
  sysfs: string;
  /** Directory of captured LLDP frames, one file per interface name (see lldp.ts). */
  lldpDir: string;
  /** Runs a program and resolves with its stdout; rejects with `code: 'ENOENT'` when the program is not installed. */
  run: (file: string, args: string[]) => Promise<string>;
  /** Log line for what a collector skipped (IPA's LOG.warning): it never goes into the payload's `error`. */
  log: (msg: string) => void;
}

/** IPA's AccumulatedFailures: what goes into the payload's `error` so that the inspector fails the node. */
export class Failures {
  readonly messages: string[] = [];
  add(msg: string): void {
    this.messages.push(msg);
  }
}

/** A collector returns the payload fields it fills (none when it skipped); failures go to `failures`. */
export type Collector = (ctx: CollectorContext, failures: Failures) => Promise<Record<string, unknown>>;

export const DEFAULT_LLDP_DIR = '/run/ferrum/lldp';

export async function runProgram(file: string, args: string[]): Promise<string> {
  const { stdout } = await exec(file, args, { timeout: 600_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

export function defaultContext(overrides: Partial<CollectorContext> = {}): CollectorContext {
  return { sysfs: '/sys', lldpDir: DEFAULT_LLDP_DIR, run: runProgram, log: () => undefined, ...overrides };
}

export function isNotInstalled(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** An error's message; duck-typed, since errors from Node's internals may come from another realm (jest's vm). */
export function message(err: unknown): string {
  const msg = (err as { message?: unknown } | null)?.message;
  return typeof msg === 'string' ? msg : String(err);
}
