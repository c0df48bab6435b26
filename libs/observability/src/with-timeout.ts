/** What withTimeout rejects with: its message is ours, so it may be shown where a dependency's error may not. */
export class TimedOut extends Error {}

/** Rejects when `promise` has not settled within `ms` (the promise itself goes on; callers only stop waiting). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'check'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
