import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

type Seen = Pick<Stats, 'mtimeMs' | 'size' | 'ino'>;
const same = (a: Seen, b: Seen) => a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
const seen = (s: Stats): Seen => ({ mtimeMs: s.mtimeMs, size: s.size, ino: s.ino });

/**
 * Configuration files (htpasswd, roles, certificates…) loaded at start-up, where a bad one is fatal, and
 * loaded again when any of them changes. Polled against what was last loaded: inotify misses the symlink
 * swaps Kubernetes uses for mounted Secrets, and a watcher started after the load could miss a change made
 * in between. A change that does not load keeps the last good value and is reported, so a typo (or a
 * half-written renewal) in production breaks nothing.
 */
export class WatchedFiles<T> {
  private value: T;
  private seen: Seen[];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly paths: string[],
    private readonly load: () => T,
    private readonly onReload: (error?: Error) => void,
    intervalMs = 1000,
  ) {
    this.seen = paths.map((p) => seen(statSync(p)));
    this.value = load();
    this.timer = setInterval(() => void this.poll(), intervalMs).unref();
  }

  get current(): T {
    return this.value;
  }

  private async poll(): Promise<void> {
    try {
      const now = await Promise.all(this.paths.map((p) => stat(p)));
      if (now.some((s, i) => !same(seen(s), this.seen[i]))) this.reload();
    } catch {
      // A file briefly absent (being replaced) keeps the last value; the next poll sees the new one.
    }
  }

  /** Loads again now (the poll does this on a change; tests may too). */
  reload(): void {
    try {
      this.seen = this.paths.map((p) => seen(statSync(p)));
      this.value = this.load();
      this.onReload();
    } catch (error) {
      this.onReload(error as Error);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
