import type { NodeRecord } from '@ferrum/contracts';
import { LockLost, unavailableDatabase } from '@ferrum/errors';

/** Attempts of a locked write through a database blip, and the pause before each retry (grows by one step each time). */
const ATTEMPTS = 4;
const STEP_MS = 250;

/**
 * A write under the node's lock, retried through a database blip: the hardware already did what the write
 * records (a power state reached, a step done), so a connection dropped for a moment must not lose it. Safe to
 * repeat: the write sets the same values again, and only while this conductor still holds the lock.
 * When a write that gave the lock back lost its answer but not its commit, the retry finds the lock gone
 * (LockLost); the node as read then tells whether that write landed.
 */
export async function lockedWrite(
  write: () => Promise<NodeRecord>,
  landed: () => Promise<NodeRecord | undefined>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<NodeRecord> {
  let blipped = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (blipped && error instanceof LockLost) {
        const node = await landed();
        if (node) return node;
      }
      if (attempt >= ATTEMPTS || !unavailableDatabase(error)) throw error;
      blipped = true;
      await sleep(STEP_MS * attempt);
    }
  }
}
