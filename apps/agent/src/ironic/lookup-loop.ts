import type { Inventory } from '@ferrum/contracts';
import { setTimeout as delay } from 'node:timers/promises';
import { LookupResult, LookupRetry, lookupOnce } from './ironic-client';

export interface LookupLoopOptions {
  apiUrls: string[];
  driver?: string;
  nodeUuid?: string;
  timeoutS: number;
  intervalS: number;
  log: (msg: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Ends the loop early (the machine lost power): it rejects with the signal's reason before its next attempt. */
  signal?: AbortSignal;
}

export class LookupTimeout extends Error {}

const CONFLICT_SLEEPS_S = [5, 10, 30];

/**
 * Looks the machine up until it is found or `timeoutS` passes (spec §13.5): random-exponential backoff
 * starting at `intervalS`, capped at 60 s; a 409 (node locked) sleeps 5, 10, then 30 s more.
 */
export async function lookupUntilFound(inventory: Inventory, options: LookupLoopOptions): Promise<LookupResult> {
  const { signal } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal }));
  const deadline = Date.now() + options.timeoutS * 1000;
  let attempt = 0;
  let conflicts = 0;
  let last = '';
  while (true) {
    for (const url of options.apiUrls) {
      signal?.throwIfAborted();
      try {
        return await lookupOnce(url, inventory, { driver: options.driver, nodeUuid: options.nodeUuid });
      } catch (err) {
        if (!(err instanceof LookupRetry)) throw err;
        last = err.message;
        options.log(`lookup via ${url} failed: ${err.message}`);
        if (err.conflict) await sleep(CONFLICT_SLEEPS_S[Math.min(conflicts++, CONFLICT_SLEEPS_S.length - 1)] * 1000);
      }
    }
    const wait = Math.min(60, options.intervalS * 2 ** attempt++) * (0.5 + Math.random() / 2);
    if (Date.now() + wait * 1000 > deadline) throw new LookupTimeout(`lookup did not find this machine within ${options.timeoutS} s: ${last}`);
    await sleep(wait * 1000);
    signal?.throwIfAborted();
  }
}
