import { readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';

/** Reads a /sys or /proc file trimmed, or null when it is absent or unreadable (sysfs files vanish and EINVAL often). */
export async function readText(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

export async function readInt(path: string): Promise<number | null> {
  const text = await readText(path);
  if (text === null || text === '') return null;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : null;
}

export async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** The last path component a symlink points at (e.g. a device's driver name), or null. */
export async function linkName(path: string): Promise<string | null> {
  try {
    return basename(await readlink(path));
  } catch {
    return null;
  }
}

/** Whether `path` is a directory, following symlinks (sysfs device entries are links to directories). */
export async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `path` is a regular file, following symlinks. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function resolved(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

/** sysfs placeholders ("", "-", "None", "Not Specified") mean "unknown". */
export function known(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  return v === '' || v === '-' || /^(none|not specified|to be filled by o\.e\.m\.|default string|unknown)$/i.test(v) ? null : v;
}
