import { basename } from 'node:path';

export type HashAlgo = 'md5' | 'sha256' | 'sha512';
const BY_LENGTH: Record<number, HashAlgo> = { 32: 'md5', 64: 'sha256', 128: 'sha512' };

export interface ImageInfo {
  id: string;
  urls: string[];
  disk_format?: string;
  container_format?: string;
  checksum?: string;
  os_hash_algo?: string;
  os_hash_value?: string;
  stream_raw_images?: boolean;
  node_uuid?: string;
  image_type?: string;
}

export class ImageError extends Error {}

/**
 * Which hash to compute and the value to expect (spec §13.9): os_hash_algo/os_hash_value when the algorithm
 * is one we have, else `checksum` — a URL to a checksum file, or a hex string whose length picks the algorithm.
 */
export async function expectedHash(info: ImageInfo, fetchText: (url: string) => Promise<string>): Promise<{ algo: HashAlgo; value: string }> {
  if (info.os_hash_algo && info.os_hash_value && ['md5', 'sha256', 'sha512'].includes(info.os_hash_algo)) {
    return { algo: info.os_hash_algo as HashAlgo, value: info.os_hash_value.toLowerCase() };
  }
  let checksum = info.checksum?.trim();
  if (!checksum) throw new ImageError(`Image ${info.id} has no checksum: image_info needs os_hash_algo and os_hash_value, or checksum`);
  if (/^https?:\/\//.test(checksum)) checksum = pickFromFile(await fetchText(checksum), info.urls[0], checksum);
  const value = checksum.toLowerCase();
  const algo = BY_LENGTH[value.length];
  if (!algo || !/^[0-9a-f]+$/.test(value)) throw new ImageError(`Image ${info.id}: checksum ${JSON.stringify(checksum)} is not an md5, sha256 or sha512 hex digest`);
  return { algo, value };
}

/** A checksum file: a lone hash, or `hash  filename` lines (sha256sum style) of which the image's basename is chosen. */
function pickFromFile(text: string, imageUrl: string, url: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 1 && !/\s/.test(lines[0])) return lines[0];
  const name = basename(new URL(imageUrl).pathname);
  for (const line of lines) {
    const [hash, file] = line.split(/\s+/);
    if (file && basename(file.replace(/^\*/, '')) === name) return hash;
  }
  throw new ImageError(`Checksum file ${url} has no line for ${name}`);
}
