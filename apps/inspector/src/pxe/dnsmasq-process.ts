import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';

export interface DnsmasqOptions {
  command: string;
  interface?: string;
  dhcpRange: string;
  hostsdir: string;
  dataDir: string;
  tftpRoot?: string;
  /** URL iPXE clients are sent to (the inspector's boot script). */
  ipxeScriptUrl: string;
}

/** dnsmasq's command line for unmanaged PXE inspection (§6's minimal configuration). */
export function dnsmasqArgs(o: DnsmasqOptions): string[] {
  const args = [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--port=0',
    '--no-ping',
    '--log-dhcp',
    `--dhcp-range=${o.dhcpRange}`,
    `--dhcp-hostsdir=${o.hostsdir}`,
    `--dhcp-leasefile=${join(o.dataDir, 'dnsmasq.leases')}`,
    `--pid-file=${join(o.dataDir, 'dnsmasq.pid')}`,
    `--log-facility=${join(o.dataDir, 'dnsmasq.log')}`,
    '--dhcp-match=set:ipxe,175',
    `--dhcp-boot=tag:ipxe,${o.ipxeScriptUrl}`,
  ];
  if (o.interface) args.push(`--interface=${o.interface}`, '--bind-interfaces');
  if (o.tftpRoot) args.push('--enable-tftp', `--tftp-root=${o.tftpRoot}`, '--dhcp-boot=tag:!ipxe,undionly.kpxe');
  return args;
}

/**
 * Why dnsmasq, once it has dropped root for user nobody (what it does when started as root), could not read the
 * hosts directory: it says "bad dynamic directory" in its log once and then answers every MAC, so the PXE filter
 * would let everyone in without a word. Each directory above it must be searchable by others, and it readable.
 * @returns the first directory in the way and why, or undefined when dnsmasq can read it (or is not started as root)
 */
export async function hostsdirUnreadable(dir: string, uid = process.getuid?.()): Promise<string | undefined> {
  if (uid !== 0) return undefined;
  const hostsdir = resolve(dir);
  const mode = (path: string) => stat(path).then((s) => s.mode & 0o777);
  const octal = (m: number) => `0${m.toString(8)}`;
  const own = await mode(hostsdir);
  if ((own & 0o005) !== 0o005) return `${hostsdir} is mode ${octal(own)}: dnsmasq, running as nobody, cannot list it`;
  for (let path = dirname(hostsdir); ; path = dirname(path)) {
    const m = await mode(path);
    if (!(m & 0o001)) return `${path} is mode ${octal(m)}: dnsmasq, running as nobody, cannot reach ${hostsdir} through it`;
    if (path === dirname(path)) return undefined;
  }
}

/**
 * A dnsmasq the inspector starts and supervises: restarted (after a pause) if it exits, stopped by PID
 * on close. Started only after the filter's first sync, so it never serves a MAC it should ignore.
 */
export class DnsmasqProcess {
  private child?: ChildProcess;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: DnsmasqOptions,
    private readonly logger: Logger,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    mkdirSync(this.options.dataDir, { recursive: true });
    const [cmd, ...prefix] = this.options.command.split(/\s+/).filter(Boolean);
    const child = spawn(cmd, [...prefix, ...dnsmasqArgs(this.options)], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => this.logger.warn({ dnsmasq: chunk.toString().trim() }, 'dnsmasq'));
    child.on('error', (err) => this.logger.error({ err }, 'dnsmasq could not start'));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.logger.error({ code, signal }, 'dnsmasq exited; restarting in 2 s');
      this.restartTimer = setTimeout(() => this.start(), 2000);
      this.restartTimer.unref();
    });
    this.logger.info({ pid: child.pid }, 'dnsmasq started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
