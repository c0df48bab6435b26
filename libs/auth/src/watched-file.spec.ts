import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHtpasswd } from './htpasswd';
import { WatchedFile } from './watched-file';

describe('WatchedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-watched-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up a change by itself, and keeps the last good content when a change does not parse', async () => {
    const path = join(dir, 'htpasswd');
    writeFileSync(path, 'alice:$2y$05$one\n');
    const events: (string | undefined)[] = [];
    const file = new WatchedFile(path, parseHtpasswd, (error) => events.push(error?.message), 20);
    try {
      expect([...file.current.keys()]).toEqual(['alice']);
      writeFileSync(path, 'alice:$2y$05$one\nbob:$2y$05$two\n');
      for (let i = 0; i < 200 && !file.current.has('bob'); i++) await new Promise((r) => setTimeout(r, 10));
      expect([...file.current.keys()]).toEqual(['alice', 'bob']);
      writeFileSync(path, 'alice:plaintext\n');
      file.reload();
      expect([...file.current.keys()]).toEqual(['alice', 'bob']);
      expect(events.at(-1)).toMatch(/line 1: only bcrypt/);
    } finally {
      file.close();
    }
  });

  it('fails at once on a file that is missing or bad', () => {
    expect(() => new WatchedFile(join(dir, 'absent'), parseHtpasswd, () => undefined)).toThrow(/ENOENT/);
    writeFileSync(join(dir, 'bad'), 'x:md5\n');
    expect(() => new WatchedFile(join(dir, 'bad'), parseHtpasswd, () => undefined)).toThrow(/line 1/);
  });
});
