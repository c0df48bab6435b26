import { randomUUID } from 'node:crypto';
import type { PlacementHost } from '@ferrum/hash-ring';
import type { Repositories } from '@ferrum/persistence';
import { ConductorRouter, type FerrumClient } from '@ferrum/transport';
import { Ownership } from './ownership';

/**
 * The API routes a node's calls to one conductor and every conductor decides alone which nodes its
 * periodic tasks look after: both must name the same owner for every node, as conductors come and go.
 */
describe('routing and ownership agree', () => {
  let alive: PlacementHost[] = [];
  const repos = { conductors: { listAlive: async () => alive } } as unknown as Repositories;
  const router = new ConductorRouter({ listAlive: async () => alive }, {} as FerrumClient, { heartbeatTimeoutS: 15, ringCacheS: 0, rpcTimeoutMs: 1000 });
  const drivers = ['fake-hardware', 'ipmi', 'redfish'];
  const nodes = Array.from({ length: 600 }, (_, i) => ({ uuid: randomUUID(), driver: drivers[i % 3], conductor_group: i % 5 === 0 ? 'rack-b' : '' }));
  const host = (hostname: string, group = '', hardware_types = drivers): PlacementHost => ({ hostname, conductor_group: group, hardware_types });

  async function check(): Promise<void> {
    const owners = await Promise.all(alive.map(async (c) => [c.hostname, await Ownership.compute(repos, c.hostname, 15)] as const));
    for (const node of nodes) {
      const routed = await router.conductorFor(node);
      const claimed = owners.filter(([, o]) => o.owns(node)).map(([h]) => h);
      expect({ node: node.uuid, claimed }).toEqual({ node: node.uuid, claimed: routed === null ? [] : [routed] });
    }
  }

  it('for every node, while conductors join, leave, and serve different drivers and groups', async () => {
    alive = [host('c1')];
    await check();
    alive = [host('c1'), host('c2'), host('c3', 'rack-b')];
    await check();
    alive = [host('c1', '', ['fake-hardware']), host('c2'), host('c3', 'rack-b'), host('c4', 'rack-b', ['ipmi'])];
    await check();
    alive = alive.filter((c) => c.hostname !== 'c2');
    await check();
    alive = [];
    await check();
  });
});
