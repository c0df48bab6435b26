import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Saves the ramdisk's logs (base64 of a tar.gz) as ironic-inspector names them,
 * `{uuid}_{%Y%m%d-%H%M%S.%f}.tar.gz` (`unknown` when no node was found). @returns the file written
 */
export async function storeRamdiskLogs(dir: string, uuid: string | undefined, logs: string, now = new Date()): Promise<string> {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const dt = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}.${p(now.getUTCMilliseconds() * 1000, 6)}`;
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${uuid ?? 'unknown'}_${dt}.tar.gz`);
  await writeFile(file, Buffer.from(logs, 'base64'));
  return file;
}
