import { execFile } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImageError, ImageInfo, expectedHash } from './checksum';

const run = promisify(execFile);
/** Writes go to the target in chunks of this size (IPA streams 1 MiB chunks; larger ones cost nothing and halve syscalls). */
export const CHUNK = 8 * 1024 * 1024;

export interface WriteOptions {
  retries: number;
  retryIntervalS: number;
  /** A download that sends nothing for this long is broken and retried. */
  stallTimeoutS: number;
  log?: (msg: string) => void;
}

export interface WriteResult {
  device: string;
  bytes: number;
  algo: string;
  hash: string;
}

const isBlockDevice = async (path: string) => {
  try {
    return (await stat(path)).isBlockDevice();
  } catch {
    return false;
  }
};

/**
 * Writes an image to `device` (spec §13.9). A raw image is streamed from HTTP straight to the device in large
 * chunks and hashed on the fly; anything else is downloaded to a temporary file, verified, checked with
 * `qemu-img info` and converted onto the device with `qemu-img convert`. A download that breaks is retried
 * from the start; a full target fails at once with the device named.
 */
export async function writeImage(info: ImageInfo, device: string, options: WriteOptions): Promise<WriteResult> {
  if (!info.id || !Array.isArray(info.urls) || info.urls.length === 0) throw new ImageError('image_info needs id and at least one url');
  const expected = await expectedHash(info, fetchText);
  const format = (info.disk_format ?? 'raw').toLowerCase();
  const stream = format === 'raw' && info.stream_raw_images !== false;
  if (stream) {
    const result = await withRetries(options, info, (url) => streamTo(url, device, expected.algo, true, options.stallTimeoutS));
    verify(info, expected, result.hash);
    return { device, bytes: result.bytes, algo: expected.algo, hash: result.hash };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ferrum-image-'));
  try {
    const cached = join(dir, info.id.replace(/[^A-Za-z0-9._-]/g, '_'));
    const result = await withRetries(options, info, (url) => streamTo(url, cached, expected.algo, false, options.stallTimeoutS));
    verify(info, expected, result.hash);
    const actual = await imageFormat(cached);
    if (!['raw', 'qcow2', 'gpt'].includes(actual)) throw new ImageError(`Image ${info.id} is ${actual}, which is not a permitted format (raw, qcow2)`);
    if (actual !== format && !(format === 'raw' && actual === 'gpt')) {
      throw new ImageError(`Image ${info.id} claims disk_format ${format} but its contents are ${actual}`);
    }
    await convert(cached, actual, device);
    return { device, bytes: result.bytes, algo: expected.algo, hash: result.hash };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function verify(info: ImageInfo, expected: { algo: string; value: string }, actual: string): void {
  if (actual !== expected.value) {
    throw new ImageError(`Image ${info.id} failed verification: ${expected.algo} of the downloaded data is ${actual}, expected ${expected.value}`);
  }
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new ImageError(`Could not fetch checksum file ${url}: HTTP ${res.status}`);
  return res.text();
}

class Retryable extends Error {}

/** Tries each URL in turn; the whole download starts over after a broken connection, up to `retries` more times. */
async function withRetries<T>(options: WriteOptions, info: ImageInfo, attempt: (url: string) => Promise<T>): Promise<T> {
  let last: unknown;
  for (let n = 0; n <= options.retries; n++) {
    for (const url of info.urls) {
      try {
        return await attempt(url);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        last = err;
        options.log?.(`download of image ${info.id} from ${url} failed (attempt ${n + 1}): ${err.message}`);
      }
    }
    if (n < options.retries) await new Promise((r) => setTimeout(r, options.retryIntervalS * 1000));
  }
  throw new ImageError(`Image ${info.id} could not be downloaded after ${options.retries + 1} attempts: ${last instanceof Error ? last.message : String(last)}`);
}

/** Downloads `url` into `target` (device or file), hashing every byte; resolves with the byte count and digest. */
async function streamTo(url: string, target: string, algo: string, toDevice: boolean, stallTimeoutS = 60): Promise<{ bytes: number; hash: string }> {
  const abort = new AbortController();
  let stall = setTimeout(() => abort.abort(new Error(`no data for ${stallTimeoutS} s`)), stallTimeoutS * 1000);
  let res: Response;
  try {
    res = await fetch(url, { signal: abort.signal });
  } catch (err) {
    clearTimeout(stall);
    throw new Retryable(`cannot connect: ${describe(err)}`);
  }
  if (!res.ok || !res.body) {
    clearTimeout(stall);
    const message = `HTTP ${res.status} from ${url}`;
    // Server errors may pass; a 4xx will not.
    throw res.status >= 500 ? new Retryable(message) : new ImageError(`Image download failed: ${message}`);
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  const block = toDevice && (await isBlockDevice(target));
  if (block && Number.isFinite(length)) {
    const size = await deviceSize(target);
    if (size !== null && length > size) {
      clearTimeout(stall);
      await res.body.cancel();
      throw new ImageError(`No space left on device ${target}: the image is ${length} bytes, the device ${size}`);
    }
  }
  // A block device is written in place; a file is replaced.
  const fh = await open(target, block ? constants.O_WRONLY : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o644);
  const hash = createHash(algo);
  let bytes = 0;
  try {
    bytes = await copy(res.body, fh, hash, () => {
      clearTimeout(stall);
      stall = setTimeout(() => abort.abort(new Error(`no data for ${stallTimeoutS} s`)), stallTimeoutS * 1000);
    });
    if (Number.isFinite(length) && bytes !== length) throw new Retryable(`connection closed after ${bytes} of ${length} bytes`);
    await fh.datasync();
  } catch (err) {
    if (err instanceof Retryable || err instanceof ImageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EFBIG') throw new ImageError(`No space left on device ${target} after writing ${bytes} bytes of the image`);
    if (code) throw new ImageError(`Writing to ${target} failed: ${describe(err)}`);
    throw new Retryable(`download broke after ${bytes} bytes: ${describe(err)}`);
  } finally {
    clearTimeout(stall);
    await fh.close();
  }
  return { bytes, hash: hash.digest('hex') };
}

/** Gathers network chunks into CHUNK-sized writes; the hash sees every byte in order. */
async function copy(body: ReadableStream<Uint8Array>, fh: FileHandle, hash: Hash, onData: () => void): Promise<number> {
  let buffer = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let total = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (!filled) return;
    const out = buffer.subarray(0, filled);
    await pending;
    // The next chunk fills a fresh buffer while this one is written.
    pending = writeAll(fh, out);
    buffer = Buffer.allocUnsafe(CHUNK);
    filled = 0;
  };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    onData();
    hash.update(chunk);
    total += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, CHUNK - filled);
      buffer.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === CHUNK) await flush();
    }
  }
  await flush();
  await pending;
  return total;
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await fh.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

async function deviceSize(path: string): Promise<number | null> {
  try {
    const { stdout } = await run('blockdev', ['--getsize64', path]);
    return Number(stdout.trim());
  } catch {
    return null;
  }
}

async function imageFormat(path: string): Promise<string> {
  try {
    const { stdout } = await run('qemu-img', ['info', '--output=json', path], { maxBuffer: 16 * 1024 * 1024 });
    return (JSON.parse(stdout) as { format: string }).format;
  } catch (err) {
    throw new ImageError(`qemu-img info failed on the downloaded image: ${describe(err)}`);
  }
}

/** qemu-img convert onto the target: host_device for a block device, a raw file otherwise. */
async function convert(source: string, format: string, target: string): Promise<void> {
  const block = await isBlockDevice(target);
  const args = ['convert', '-f', format === 'gpt' ? 'raw' : format, '-O', block ? 'host_device' : 'raw', ...(block ? ['-t', 'directsync', '-W'] : []), source, target];
  try {
    await run('qemu-img', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const text = describe(err);
    if (/No space left/i.test(text)) throw new ImageError(`No space left on device ${target} while converting the image`);
    throw new ImageError(`qemu-img convert to ${target} failed: ${text}`);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const stderr = (err as { stderr?: string }).stderr;
    const cause = (err as { cause?: unknown }).cause;
    return [err.message, stderr?.trim(), cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
  }
  return String(err);
}
