import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Live heap after a full collection, in bytes. A leak check that reads `heapUsed` without collecting first
 * counts whatever garbage the collector has not reached yet, which on a busy CI machine is tens of MiB and
 * varies run to run; after a forced collection only what is still reachable is left.
 * Jest's workers are not started with --expose-gc, so the flag is set at run time and `gc` taken from a fresh
 * context (V8 installs it on contexts made after the flag is set).
 */
export async function liveHeapBytes(): Promise<number> {
  const gc = collector();
  // Two passes with a turn of the event loop between them: finalizers and weak callbacks run after the first.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage().heapUsed;
}

let cached: (() => void) | undefined;
function collector(): () => void {
  if (cached) return cached;
  setFlagsFromString('--expose-gc');
  cached = runInNewContext('gc') as () => void;
  return cached;
}
