const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done(value)` or the deadline; returns the last value and whether it got there.
 * The first read happens at once: a BMC that already reached the state costs one call.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs: number): Promise<{ value: T; reached: boolean }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return { value, reached: true };
    if (performance.now() + intervalMs > deadline) return { value, reached: false };
    await sleep(intervalMs);
  }
}
