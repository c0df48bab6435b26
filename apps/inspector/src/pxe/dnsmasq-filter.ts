import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilterInputs, PxeFilter } from './pxe-filter';

export const UNKNOWN_HOSTS_FILE = 'unknown_hosts_filter';
const MAC_RE = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

/** File contents exactly as ironic-inspector writes them (§6); their sizes (18 / 25 bytes) are the state. */
export const allowLine = (mac: string) => `${mac}\n`;
export const denyLine = (mac: string) => `${mac},ignore\n`;
const ALLOW_ALL = '*:*:*:*:*:*\n';
const DENY_ALL = '*:*:*:*:*:*,ignore\n';

/**
 * ironic-inspector's dnsmasq PXE filter (§6): one file per MAC in dnsmasq's `dhcp-hostsdir`, read back by
 * size only. dnsmasq re-reads a file on inotify but ignores deletions, so files are only ever rewritten:
 * written to a dotfile (dnsmasq skips those) and renamed over the old one, which is atomic.
 */
export class DnsmasqFilter implements PxeFilter {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly purge: boolean,
  ) {}

  /** Creates the directory and, if asked, empties it: only safe before dnsmasq starts. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (this.purge) {
      for (const name of await readdir(this.dir)) await rm(join(this.dir, name), { force: true, recursive: true });
    }
  }

  /** One sync at a time (the driver's lock); a sync asked for while one runs follows it. */
  sync(inputs: FilterInputs): Promise<void> {
    const run = this.queue.then(() => this.syncNow(inputs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow({ knownMacs, activeMacs, allowUnknown }: FilterInputs): Promise<void> {
    const { allow, deny } = await this.current();
    const active = new Set([...knownMacs].filter((m) => activeMacs.has(m)));
    for (const mac of active) if (!allow.has(mac)) await this.write(mac, allowLine(mac));
    for (const mac of knownMacs) if (!deny.has(mac) && !active.has(mac)) await this.write(mac, denyLine(mac));
    await this.write(UNKNOWN_HOSTS_FILE, allowUnknown ? ALLOW_ALL : DENY_ALL, true);
    // Ports deleted since the last sync behave like unknown MACs.
    for (const mac of [...allow, ...deny]) {
      if (knownMacs.has(mac)) continue;
      const wantAllow = allowUnknown;
      if (wantAllow !== allow.has(mac)) await this.write(mac, wantAllow ? allowLine(mac) : denyLine(mac));
    }
  }

  /** MAC files in the directory, by size. */
  private async current(): Promise<{ allow: Set<string>; deny: Set<string> }> {
    const allow = new Set<string>();
    const deny = new Set<string>();
    for (const name of await readdir(this.dir)) {
      if (!MAC_RE.test(name)) continue;
      const size = (await stat(join(this.dir, name)).catch(() => undefined))?.size;
      if (size === 18) allow.add(name);
      else if (size === 25) deny.add(name);
    }
    return { allow, deny };
  }

  private async write(name: string, content: string, skipIfSameSize = false): Promise<void> {
    const path = join(this.dir, name);
    if (skipIfSameSize && (await stat(path).catch(() => undefined))?.size === Buffer.byteLength(content)) return;
    const tmp = join(this.dir, `.${name}.tmp`);
    await writeFile(tmp, content);
    await rename(tmp, path);
  }
}
