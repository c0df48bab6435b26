import { execFile } from 'node:child_process';
import { get as httpGet_, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DISCARD_DISK } from '@ferrum/contracts';
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
  /** Abandons the write (the machine lost power): downloads and retries stop, the promise rejects. */
  signal?: AbortSignal;
  /**
   * A fault for simulated machines: one byte of what is hashed is flipped, as if the download had been
   * corrupted on the way, so the checksum check fails the way it would then.
   */
  corruptDownload?: boolean;
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
  // Discarded images are only hashed, whatever their format: nothing is converted, so qemu-img is not needed.
  const stream = device === DISCARD_DISK || (format === 'raw' && info.stream_raw_images !== false);
  if (stream) {
    const result = await withRetries(options, info, (url) => streamTo(url, device, expected.algo, true, options));
    verify(info, expected, result.hash);
    return { device, bytes: result.bytes, algo: expected.algo, hash: result.hash };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ferrum-image-'));
  try {
    const cached = join(dir, info.id.replace(/[^A-Za-z0-9._-]/g, '_'));
    const result = await withRetries(options, info, (url) => streamTo(url, cached, expected.algo, false, options));
    verify(info, expected, result.hash);
    const actual = await imageFormat(cached);
    if (!['raw', 'qcow2', 'gpt'].includes(actual)) throw new ImageError(`Image ${info.id} is ${actual}, which is not a permitted format (raw, qcow2)`);
    if (actual !== format && !(format === 'raw' && actual === 'gpt')) {
      throw new ImageError(`Image ${info.id} claims disk_format ${format} but its contents are ${actual}`);
    }
    await convert(cached, actual, device, options.signal);
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
  const stopped = () => new ImageError(`Writing image ${info.id} was abandoned: ${describe(options.signal?.reason)}`);
  for (let n = 0; n <= options.retries; n++) {
    for (const url of info.urls) {
      if (options.signal?.aborted) throw stopped();
      try {
        return await attempt(url);
      } catch (err) {
        if (options.signal?.aborted) throw stopped();
        if (!(err instanceof Retryable)) throw err;
        last = err;
        options.log?.(`download of image ${info.id} from ${url} failed (attempt ${n + 1}): ${err.message}`);
      }
    }
    if (n < options.retries) await sleep(options.retryIntervalS * 1000, undefined, { signal: options.signal }).catch(() => undefined);
  }
  if (options.signal?.aborted) throw stopped();
  throw new ImageError(`Image ${info.id} could not be downloaded after ${options.retries + 1} attempts: ${last instanceof Error ? last.message : String(last)}`);
}

/** GET with node:http(s): about twice the throughput of fetch's web streams for a large body. */
function httpGet(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet_;
    const req = get(url, { signal, headers: { accept: '*/*' } }, resolve);
    req.once('error', reject);
  });
}

/**
 * Downloads `url` into `target` (device or file; DISCARD_DISK writes nothing), hashing every byte; resolves
 * with the byte count and digest.
 */
async function streamTo(url: string, target: string, algo: string, toDevice: boolean, options: WriteOptions): Promise<{ bytes: number; hash: string }> {
  const stallTimeoutS = options.stallTimeoutS;
  const abort = new AbortController();
  const abandon = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    return await download(url, target, algo, toDevice, stallTimeoutS, abort, options.corruptDownload === true);
  } finally {
    options.signal?.removeEventListener('abort', abandon);
  }
}

async function download(
  url: string,
  target: string,
  algo: string,
  toDevice: boolean,
  stallTimeoutS: number,
  abort: AbortController,
  corrupt: boolean,
): Promise<{ bytes: number; hash: string }> {
  let stall = setTimeout(() => abort.abort(new Error(`no data for ${stallTimeoutS} s`)), stallTimeoutS * 1000);
  let res: IncomingMessage;
  try {
    res = await httpGet(url, abort.signal);
  } catch (err) {
    clearTimeout(stall);
    throw new Retryable(`cannot connect: ${describe(err)}`);
  }
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    clearTimeout(stall);
    res.resume();
    const message = `HTTP ${status} from ${url}`;
    // Server errors may pass; a 4xx will not.
    throw status >= 500 ? new Retryable(message) : new ImageError(`Image download failed: ${message}`);
  }
  const length = Number(res.headers['content-length'] ?? NaN);
  const discard = target === DISCARD_DISK;
  const block = toDevice && !discard && (await isBlockDevice(target));
  if (block && Number.isFinite(length)) {
    const size = await deviceSize(target);
    if (size !== null && length > size) {
      clearTimeout(stall);
      res.destroy();
      throw new ImageError(`No space left on device ${target}: the image is ${length} bytes, the device ${size}`);
    }
  }
  // A block device is written in place; a file is replaced.
  const fh = discard ? null : await open(target, block ? constants.O_WRONLY : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o644);
  const hash: Digest = corrupt ? corrupting(createHash(algo)) : createHash(algo);
  const progress = { bytes: 0 };
  try {
    await copy(res, fh, hash, progress, () => {
      clearTimeout(stall);
      stall = setTimeout(() => abort.abort(new Error(`no data for ${stallTimeoutS} s`)), stallTimeoutS * 1000);
    });
    if (Number.isFinite(length) && progress.bytes !== length) throw new Retryable(`connection closed after ${progress.bytes} of ${length} bytes`);
    await fh?.datasync();
  } catch (err) {
    res.destroy();
    if (err instanceof Retryable || err instanceof ImageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EFBIG') throw new ImageError(`No space left on device ${target} after writing ${progress.bytes} bytes of the image`);
    if (code && !/^(ECONNRESET|EPIPE|ABORT_ERR|ERR_STREAM_PREMATURE_CLOSE)$/.test(code)) throw new ImageError(`Writing to ${target} failed: ${describe(err)}`);
    throw new Retryable(`download broke after ${progress.bytes} bytes: ${describe(err)}`);
  } finally {
    clearTimeout(stall);
    await fh?.close();
  }
  return { bytes: progress.bytes, hash: hash.digest('hex') };
}

/** A hash that sees the first byte given to it flipped (or one stray byte if it is given none): the corruptDownload fault. */
function corrupting(hash: Hash): Digest {
  let flipped = false;
  return {
    update(data) {
      if (flipped || data.length === 0) return hash.update(data);
      flipped = true;
      const copy = Buffer.from(data);
      copy[0] ^= 0xff;
      return hash.update(copy);
    },
    digest(encoding) {
      if (!flipped) hash.update(Buffer.of(0xff));
      return hash.digest(encoding);
    },
  };
}

/** What streamTo needs of a hash. */
interface Digest {
  update(data: Buffer): unknown;
  digest(encoding: 'hex'): string;
}

/**
 * Gathers network chunks into writes of at least CHUNK bytes (one writev, no copying); the next batch is
 * received and hashed while the previous one is written. The hash sees every byte in order.
 */
async function copy(body: AsyncIterable<Buffer>, fh: FileHandle | null, hash: Digest, progress: { bytes: number }, onData: () => void): Promise<void> {
  let batch: Buffer[] = [];
  let batched = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (!batched) return;
    const out = batch;
    batch = [];
    batched = 0;
    await pending;
    if (fh) pending = writeAll(fh, out);
  };
  for await (const chunk of body) {
    onData();
    hash.update(chunk);
    progress.bytes += chunk.length;
    batch.push(chunk);
    batched += chunk.length;
    if (batched >= CHUNK) await flush();
  }
  await flush();
  await pending;
}

async function writeAll(fh: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length) {
    const { bytesWritten } = await fh.writev(rest);
    let skip = bytesWritten;
    // A short write: drop what was written and go on with the remainder.
    while (rest.length && skip >= rest[0].length) {
      skip -= rest[0].length;
      rest = rest.slice(1);
    }
    if (skip > 0) rest = [rest[0].subarray(skip), ...rest.slice(1)];
  }
}

/** A block device's size in bytes; null for anything else. */
export async function deviceSize(path: string): Promise<number | null> {
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
async function convert(source: string, format: string, target: string, signal?: AbortSignal): Promise<void> {
  const block = await isBlockDevice(target);
  const args = ['convert', '-f', format === 'gpt' ? 'raw' : format, '-O', block ? 'host_device' : 'raw', ...(block ? ['-t', 'directsync', '-W'] : []), source, target];
  try {
    await run('qemu-img', args, { maxBuffer: 16 * 1024 * 1024, signal });
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
