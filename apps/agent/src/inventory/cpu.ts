import type { InventoryCpu } from '@ferrum/contracts';
import { arch, cpus } from 'node:os';
import { readInt, readText } from './sysfs';

/** Node's arch names → the kernel's (what `uname -m` and Ironic's cpu_arch say). */
const ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** The first value of `key` in /proc/cpuinfo (x86 "model name", arm "Processor"/"CPU part"). */
function field(cpuinfo: string, key: string): string | null {
  const line = cpuinfo.split('\n').find((l) => l.split(':')[0].trim().toLowerCase() === key.toLowerCase());
  return line ? line.slice(line.indexOf(':') + 1).trim() : null;
}

/**
 * CPU as IPA reports it from lscpu: model name, logical CPU count, architecture, flags, socket count,
 * and frequency in MHz as a string — the maximum when cpufreq knows it ("3400.0000"), else the current.
 */
export async function collectCpu(): Promise<InventoryCpu> {
  const cpuinfo = (await readText('/proc/cpuinfo')) ?? '';
  const maxKhz = await readInt('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq');
  const frequency = maxKhz ? (maxKhz / 1000).toFixed(4) : (field(cpuinfo, 'cpu MHz') ?? (cpus()[0]?.speed ? String(cpus()[0].speed) : null));
  const flags = (field(cpuinfo, 'flags') ?? field(cpuinfo, 'Features') ?? '').split(/\s+/).filter(Boolean);
  const sockets = new Set(cpuinfo.split('\n').filter((l) => l.startsWith('physical id')).map((l) => l.split(':')[1].trim()));
  return {
    model_name: field(cpuinfo, 'model name') ?? cpus()[0]?.model ?? null,
    frequency,
    count: logicalCpus(cpuinfo),
    architecture: ARCH[arch()] ?? arch(),
    flags,
    socket_count: sockets.size || 1,
  };
}

/** Online logical CPUs (what nproc prints without affinity limits): the processor entries of /proc/cpuinfo. */
function logicalCpus(cpuinfo: string): number {
  const count = cpuinfo.split('\n').filter((l) => /^processor\s*:/.test(l)).length;
  return count || cpus().length;
}
