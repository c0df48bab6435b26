import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsdirUnreadable } from './dnsmasq-process';

describe('hostsdirUnreadable: whether dnsmasq, running as nobody, can read the PXE filter hosts directory', () => {
  const base = mkdtempSync(join(tmpdir(), 'ferrum-hostsdir-')); // mkdtemp: mode 0700
  const hostsdir = join(base, 'hostsdir');
  mkdirSync(hostsdir, { mode: 0o755 });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('names the private directory in the way (dnsmasq would answer every MAC)', async () => {
    chmodSync(base, 0o700);
    expect(await hostsdirUnreadable(hostsdir, 0)).toBe(`${base} is mode 0700: dnsmasq, running as nobody, cannot reach ${hostsdir} through it`);
  });

  it('names a hosts directory others cannot list', async () => {
    chmodSync(base, 0o755);
    chmodSync(hostsdir, 0o750);
    expect(await hostsdirUnreadable(hostsdir, 0)).toBe(`${hostsdir} is mode 0750: dnsmasq, running as nobody, cannot list it`);
    chmodSync(hostsdir, 0o755);
  });

  it('finds nothing wrong when every directory lets others through, or when dnsmasq is not started as root', async () => {
    chmodSync(base, 0o711);
    expect(await hostsdirUnreadable(hostsdir, 0)).toBeUndefined();
    chmodSync(base, 0o700);
    expect(await hostsdirUnreadable(hostsdir, 1000)).toBeUndefined();
  });
});
