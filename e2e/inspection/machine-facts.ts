import { execFileSync } from 'node:child_process';
import { arch, cpus, networkInterfaces, totalmem } from 'node:os';

const GiB = 1024 ** 3;

/**
 * What this machine is, read independently of the agent's collector (os module, lsblk), so an e2e test can
 * check the properties inspection wrote against the real hardware.
 */
export function machineFacts() {
  const nics = Object.entries(networkInterfaces())
    .flatMap(([name, addrs]) => (addrs ?? []).filter((a) => !a.internal && a.mac !== '00:00:00:00:00:00').map((a) => ({ name, mac: a.mac })))
    .filter((n, i, all) => all.findIndex((m) => m.mac === n.mac) === i);
  const disks = execFileSync('lsblk', ['-b', '-d', '-n', '-o', 'SIZE,TYPE'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([size, type]) => type === 'disk' && Number(size) >= 4 * GiB)
    .map(([size]) => Number(size))
    .sort((a, b) => a - b);
  return {
    nics,
    cpus: cpus().length,
    cpuArch: arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch(),
    memoryMb: Math.round(totalmem() / 1024 ** 2),
    localGb: disks.length ? Math.floor(disks[0] / GiB) - 1 : 0,
  };
}
