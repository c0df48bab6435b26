import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONSOLE_SETTINGS, parsePortRange } from './console-settings';
import { SocatConsoles, socatExec } from './socat-consoles';

const haveSocat = (() => {
  try {
    execFileSync('which', ['socat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('socatExec', () => {
  it('escapes what socat address syntax gives a meaning to', () => {
    expect(socatExec(['ipmitool', '-H', 'fe80::1%eth0', '-U', 'a,b!c', 'sol', 'activate'])).toBe('ipmitool -H fe80\\:\\:1\\%eth0 -U a\\,b\\!c sol activate');
  });

  it('refuses values that EXEC cannot carry rather than mangling them', () => {
    for (const bad of ['two words', 'it\'s', 'say "x"', 'back\\slash', '']) {
      expect(() => socatExec(['ipmitool', '-U', bad])).toThrow(/cannot carry/);
    }
  });
});

describe('parsePortRange', () => {
  it('reads <start>:<stop> and refuses anything else', () => {
    expect(parsePortRange('10000:20000')).toEqual({ start: 10000, stop: 20000 });
    for (const bad of ['20000:10000', '5:5', '0:10', '1:70000', '10000-20000']) expect(() => parsePortRange(bad)).toThrow();
  });
});

(haveSocat ? describe : describe.skip)('SocatConsoles with the real socat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-socat-spec-'));
  const consoles = new SocatConsoles({ ...DEFAULT_CONSOLE_SETTINGS, pidDir: dir, subprocessTimeoutS: 5 });
  afterAll(async () => {
    await consoles.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with socat\'s own words when the port is taken, and leaves nothing running', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      await expect(consoles.start('node-a', { host: '127.0.0.1', port, command: ['cat'], env: {} })).rejects.toThrow(/^Console subprocess failed to start\. Command: socat .*Exit code: 1\..*Address already in use/s);
      expect(consoles.pid('node-a')).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('starts once listening and stops by PID, keeping the environment off the command line', async () => {
    await consoles.start('node-b', { host: '127.0.0.1', port: 0, command: ['cat'], env: { IPMI_PASSWORD: 'never-on-argv' } });
    const pid = consoles.pid('node-b')!;
    expect(pid).toBeGreaterThan(1);
    expect(execFileSync('cat', [`/proc/${pid}/cmdline`]).toString()).not.toContain('never-on-argv');
    await consoles.stop('node-b');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(consoles.pid('node-b')).toBeUndefined();
  });
});
