import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsmasqFilter, UNKNOWN_HOSTS_FILE } from './dnsmasq-filter';

describe('dnsmasq PXE filter (hostsdir files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferrum-hostsdir-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const A = '52:54:00:00:00:0a';
  const B = '52:54:00:00:00:0b';

  it('allows MACs under introspection, denies other known MACs, byte for byte as ironic-inspector', async () => {
    const filter = new DnsmasqFilter(dir, true);
    await filter.init();
    await filter.sync({ knownMacs: new Set([A, B]), activeMacs: new Set([A]), allowUnknown: true });
    expect(await read(A)).toBe(`${A}\n`);
    expect(await read(B)).toBe(`${B},ignore\n`);
    expect((await stat(join(dir, A))).size).toBe(18);
    expect((await stat(join(dir, B))).size).toBe(25);
    expect(await read(UNKNOWN_HOSTS_FILE)).toBe('*:*:*:*:*:*\n');
  });

  it('flips files instead of deleting them, and treats deleted ports like unknown MACs', async () => {
    const filter = new DnsmasqFilter(dir, true);
    await filter.init();
    await filter.sync({ knownMacs: new Set([A, B]), activeMacs: new Set([A]), allowUnknown: true });
    // A finished, B's port was deleted, nothing else is inspected.
    await filter.sync({ knownMacs: new Set([A]), activeMacs: new Set(), allowUnknown: false });
    expect(await read(A)).toBe(`${A},ignore\n`);
    expect(await read(B)).toBe(`${B},ignore\n`);
    expect(await read(UNKNOWN_HOSTS_FILE)).toBe('*:*:*:*:*:*,ignore\n');
    await filter.sync({ knownMacs: new Set([A]), activeMacs: new Set(), allowUnknown: true });
    expect(await read(B)).toBe(`${B}\n`);
    // No temporary files left behind for dnsmasq to read.
    expect((await readdir(dir)).sort()).toEqual([A, B, UNKNOWN_HOSTS_FILE].sort());
  });

  it('empties the directory at start-up only when asked to', async () => {
    await writeFile(join(dir, 'aa:bb:cc:dd:ee:ff'), 'aa:bb:cc:dd:ee:ff\n');
    await new DnsmasqFilter(dir, false).init();
    expect(await readdir(dir)).toEqual(['aa:bb:cc:dd:ee:ff']);
    await new DnsmasqFilter(dir, true).init();
    expect(await readdir(dir)).toEqual([]);
  });

  it('runs concurrent syncs one after the other, the last one winning', async () => {
    const filter = new DnsmasqFilter(dir, true);
    await filter.init();
    await Promise.all([
      filter.sync({ knownMacs: new Set([A]), activeMacs: new Set([A]), allowUnknown: true }),
      filter.sync({ knownMacs: new Set([A]), activeMacs: new Set(), allowUnknown: false }),
    ]);
    expect(await read(A)).toBe(`${A},ignore\n`);
  });
});
