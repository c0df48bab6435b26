import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const QEMU = '/usr/bin/qemu-system-x86_64';

export interface VmOptions {
  kernel: string;
  initrd: string;
  /** The kernel command line (console=ttyS0 is added). */
  append: string;
  mac: string;
  cpus: number;
  memoryMiB: number;
  /** A raw disk image, attached as a virtio disk. */
  disk: string;
  /** Where the serial console goes. */
  console: string;
}

/**
 * A QEMU machine (software emulation: no KVM here) booting a kernel and initramfs directly, on QEMU's user-mode
 * network: it gets a DHCP lease from QEMU and reaches this machine's 127.0.0.1 as 10.0.2.2. Stopped by its PID.
 */
export class QemuVm {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(readonly options: VmOptions) {
    this.child = spawn(
      QEMU,
      [
        '-m', String(options.memoryMiB), '-smp', String(options.cpus), '-nographic', '-no-reboot',
        '-kernel', options.kernel, '-initrd', options.initrd, '-append', `console=ttyS0 ${options.append}`,
        '-netdev', 'user,id=n0', '-device', `e1000,netdev=n0,mac=${options.mac}`,
        '-drive', `file=${options.disk},format=raw,if=virtio`,
        '-serial', `file:${options.console}`, '-monitor', 'none', '-display', 'none',
      ],
      { stdio: 'ignore' },
    );
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get consoleText(): string {
    return existsSync(this.options.console) ? readFileSync(this.options.console, 'utf8') : '';
  }

  /** Resolves when the console shows `pattern`; fails with the console if the VM ends or time runs out. */
  async waitForConsole(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const match = this.consoleText.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > end) throw new Error(`the VM's console never showed ${pattern}:\n${this.consoleText.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
