import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDir, isFile, readText } from '../inventory/sysfs';
import { type Collector, message } from './collector';

export interface NumaTopology {
  ram: { numa_node: number; size_kb: number }[];
  cpus: { cpu: number; numa_node: number; thread_siblings: number[] }[];
  nics: { name: string; numa_node: number }[];
}

/** sysfs does not look like the NUMA layout IPA expects (IPA's IncompatibleNumaFormatError). */
class IncompatibleNuma extends Error {}

const KB: Record<string, number> = { '': 1, kB: 1, KB: 1, MB: 1024, GB: 1024 * 1024 };

/** The number after `prefix` in a sysfs name (`node3` → 3, `cpu12` → 12), or null. */
function suffixNumber(name: string, prefix: string): number | null {
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : null;
}

const byNumber = (prefix: string) => (a: string, b: string) => (suffixNumber(a, prefix) ?? 0) - (suffixNumber(b, prefix) ?? 0);

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    throw new IncompatibleNuma(`Failed to list ${dir}: ${message(err)}`);
  }
}

/** `ram`: each node's MemTotal from node<N>/meminfo ("Node 0 MemTotal:  16319532 kB"), in KiB. */
async function nodesMemory(nodes: { id: number; dir: string }[]): Promise<NumaTopology['ram']> {
  const ram: NumaTopology['ram'] = [];
  for (const node of nodes) {
    const meminfo = await readText(join(node.dir, 'meminfo'));
    if (meminfo === null) throw new IncompatibleNuma(`Failed to get memory information for ${node.dir}`);
    const line = meminfo.split('\n').find((l) => l.includes('MemTotal'));
    if (!line) throw new IncompatibleNuma(`Memory information is not available for ${node.dir}`);
    const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(line.slice(line.indexOf(':') + 1).trim());
    if (!m || !(m[2] in KB)) throw new IncompatibleNuma(`Failed to get memory information for ${node.dir}: ${line.trim()}`);
    ram.push({ numa_node: node.id, size_kb: Math.trunc(Number(m[1]) * KB[m[2]]) });
  }
  return ram;
}

/**
 * `cpus`: one entry per physical core (node id, topology/core_id), with the logical CPUs (node<N>/cpu<M>) that are
 * its thread siblings.
 */
async function nodesCores(nodes: { id: number; dir: string }[]): Promise<NumaTopology['cpus']> {
  const cores = new Map<string, NumaTopology['cpus'][number]>();
  for (const node of nodes) {
    for (const name of (await entries(node.dir)).sort(byNumber('cpu'))) {
      if (!name.startsWith('cpu') || !(await isDir(join(node.dir, name)))) continue;
      const thread = suffixNumber(name, 'cpu');
      if (thread === null) throw new IncompatibleNuma(`Failed to get cores information for ${node.dir}: ${name}`);
      const coreText = await readText(join(node.dir, name, 'topology/core_id'));
      const core = coreText !== null && /^-?\d+$/.test(coreText) ? Number(coreText) : null;
      if (core === null) throw new IncompatibleNuma(`Failed to gather cpu_id for thread ${name} NUMA node ${node.dir}`);
      const key = `${node.id}:${core}`;
      const entry = cores.get(key);
      if (!entry) cores.set(key, { cpu: core, numa_node: node.id, thread_siblings: [thread] });
      else if (!entry.thread_siblings.includes(thread)) entry.thread_siblings.push(thread);
    }
  }
  return [...cores.values()];
}

/** `nics`: every /sys/class/net entry with a device/numa_node file. */
async function nodesNics(netDir: string): Promise<NumaTopology['nics']> {
  if (!(await isDir(netDir))) throw new IncompatibleNuma(`Failed to get list of NIC's, NIC device path does not exist: ${netDir}`);
  const nics: NumaTopology['nics'] = [];
  for (const name of (await entries(netDir)).sort()) {
    const file = join(netDir, name, 'device/numa_node');
    if (!(await isFile(file))) continue;
    const text = await readText(file);
    if (text === null || !/^-?\d+$/.test(text)) throw new IncompatibleNuma(`Failed to gather NIC's for NUMA node ${name}`);
    nics.push({ name, numa_node: Number(text) });
  }
  return nics;
}

/**
 * IPA's `numa-topology` collector: `numa_topology` from /sys/devices/system/node/node<N>/ and /sys/class/net/.
 * As in IPA, a machine without NUMA information in sysfs (no node directory, or a layout it cannot read) is
 * skipped with a log line: the field is left out and the inspection does not fail.
 */
export const collectNumaTopology: Collector = async (ctx) => {
  const root = join(ctx.sysfs, 'devices/system/node');
  if (!(await isDir(root))) {
    ctx.log(`numa-topology: skipped, NUMA node path does not exist: ${root}`);
    return {};
  }
  const nodes: { id: number; dir: string }[] = [];
  for (const name of (await readdir(root).catch(() => [] as string[])).sort(byNumber('node'))) {
    const dir = join(root, name);
    if (name.startsWith('node') && (await isDir(dir))) nodes.push({ id: suffixNumber(name, 'node') ?? -1, dir });
  }
  try {
    const bad = nodes.find((n) => n.id < 0);
    if (bad) throw new IncompatibleNuma(`Failed to get NUMA node id for ${bad.dir}`);
    const topology: NumaTopology = {
      ram: await nodesMemory(nodes),
      cpus: await nodesCores(nodes),
      nics: await nodesNics(join(ctx.sysfs, 'class/net')),
    };
    return { numa_topology: topology };
  } catch (err) {
    if (!(err instanceof IncompatibleNuma)) throw err;
    ctx.log(`numa-topology: skipped, failed to get some NUMA information (${err.message})`);
    return {};
  }
};
