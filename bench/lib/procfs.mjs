// What /proc says about processes (Linux): the CPU-share and lab benchmarks read CPU time and memory from it.
import { readFileSync, readdirSync } from 'node:fs';

/** A /proc file's text, or '' once the process is gone. */
export function readProc(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every process id. */
export const allPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));

/** The fields of /proc/<pid>/stat after the command name (state is [0], ppid [1], utime [11], stime [12]). */
const statFields = (pid) => readProc(`/proc/${pid}/stat`).split(') ')[1]?.split(' ') ?? [];

/** CPU time of a process so far, in clock ticks (user + system); 0 once it is gone. */
export function cpuTicks(pid) {
  const f = statFields(pid);
  return f.length ? Number(f[11]) + Number(f[12]) : 0;
}

/** Peak resident memory (VmHWM) of a process in MiB; 0 once it is gone. */
export function peakRssMiB(pid) {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`));
  return hwm ? Number(hwm[1]) / 1024 : 0;
}

/** The processes whose name starts with `name` (PostgreSQL's backends, nats-server). */
export const pidsNamed = (name) => allPids().filter((p) => readProc(`/proc/${p}/comm`).trim().startsWith(name));

/** The children of a process. */
export const childrenOf = (pid) => allPids().filter((p) => statFields(p)[1] === String(pid));
