import { closeSync, openSync, readSync } from 'node:fs';

/** The first `bytes` of a (large, sparse) file: what a test reads back of a machine's disk. */
export function fileHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    readSync(fd, buffer, 0, bytes, 0);
    return buffer;
  } finally {
    closeSync(fd);
  }
}
