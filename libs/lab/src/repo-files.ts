import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout this code runs from (libs/lab/src under Jest, dist/libs/lab/src when built): the directory
 * above that holds the lab's mockup. The lab's data and the agent pool's bundle are found from it.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'libs', 'lab', 'redfish-mockup'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Ferrum checkout above ${from} (libs/lab/redfish-mockup not found)`);
  }
}

/** DMTF's rack-mount server mockup, vendored with its licence: each lab machine is a clone of its system. */
export const mockupDir = (root = repoRoot()) => join(root, 'libs', 'lab', 'redfish-mockup', 'public-rackmount1');

/** The agent pool's bundle (`node tools/build.mjs` writes it). */
export const agentPoolBundle = (root = repoRoot()) => join(root, 'dist', 'agent-pool.js');
