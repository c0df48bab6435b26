import { readFileSync, stat, statSync } from 'node:fs';

type Seen = { mtimeMs: number; size: number; ino: number };
const same = (a: Seen, b: Seen) => a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;

/**
 * A configuration file read at start-up (where a bad one is fatal) and read again when it changes.
 * Polled against what was last read (inotify misses the symlink swaps Kubernetes uses for mounted
 * Secrets, and a watcher started after the read could miss a change made in between). A change that
 * does not parse keeps the last good content and is reported, so a typo in production locks nobody out.
 */
export class WatchedFile<T> {
  private value: T;
  private seen: Seen;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly path: string,
    private readonly parse: (text: string, path: string) => T,
    private readonly onReload: (error?: Error) => void,
    intervalMs = 1000,
  ) {
    this.seen = statSync(path);
    this.value = parse(readFileSync(path, 'utf8'), path);
    this.timer = setInterval(() => this.poll(), intervalMs).unref();
  }

  get current(): T {
    return this.value;
  }

  private poll(): void {
    stat(this.path, (error, now) => {
      // A file briefly absent (being replaced) keeps the last content; the next poll sees the new one.
      if (error || same(now, this.seen)) return;
      this.reload();
    });
  }

  /** Re-reads the file now (the poll calls this on a change; tests may too). */
  reload(): void {
    try {
      this.seen = statSync(this.path);
      this.value = this.parse(readFileSync(this.path, 'utf8'), this.path);
      this.onReload();
    } catch (error) {
      this.onReload(error as Error);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
