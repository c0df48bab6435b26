import type { NodeRecord } from '@ferrum/contracts';
import { NodeLocked, NoFreeConductorWorker } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import type { Repositories } from '@ferrum/persistence';
import { fakeNode } from '@ferrum/testing';
import { TaskManager } from './task-manager';
import { WorkerPool } from './worker-pool';

/** The locks' rules on an in-memory table: who holds which node, and what was saved under the lock. */
function lockTable(nodes: NodeRecord[]) {
  const outage = { down: false };
  let releases = 0;
  const rows = new Map(nodes.map((n) => [n.uuid, { ...n, reservation: null as string | null }]));
  const repos = {
    reservations: {
      tryReserve: async (uuid: string, host: string) => {
        const row = rows.get(uuid)!;
        if (row.reservation && row.reservation !== host) return { acquired: false as const, holder: row.reservation };
        row.reservation = host;
        return { acquired: true as const, node: { ...row } };
      },
      release: async (uuid: string, host: string) => {
        releases++;
        if (outage.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        const row = rows.get(uuid)!;
        if (row.reservation !== host) return false;
        row.reservation = null;
        return true;
      },
      now: async () => new Date(),
    },
    nodes: {
      updateLocked: async (uuid: string, host: string, changes: Partial<NodeRecord>, _epoch?: number, _history?: string, release = false) => {
        const row = rows.get(uuid)!;
        if (row.reservation !== host) throw new Error('lock lost');
        Object.assign(row, changes, release ? { reservation: null } : {});
        releases += release ? 1 : 0;
        return { ...row };
      },
      deleteLocked: async (uuid: string) => void rows.delete(uuid),
    },
  } as unknown as Repositories;
  (repos.reservations as unknown as Record<string, unknown>).releaseUnclaimed = async (host: string, claimed: string[]) => {
    const released = [...rows.values()].filter((r) => r.reservation === host && !claimed.includes(r.uuid));
    for (const r of released) r.reservation = null;
    return released.map((r) => r.uuid);
  };
  return { rows, repos, outage, releases: () => releases };
}

const options = { hostname: 'c1', retryAttempts: 2, retryIntervalMs: 1 };

describe('task manager (node locks)', () => {
  it('holds the lock for the call, saves under it, and releases it even when the call throws', async () => {
    const node = fakeNode();
    const { rows, repos } = lockTable([node]);
    const tasks = new TaskManager(repos, options, silentLogger());
    await tasks.withExclusive(node.uuid, async (task) => {
      expect(rows.get(node.uuid)!.reservation).toBe('c1');
      await task.save({ power_state: 'power on' });
      expect(task.node.power_state).toBe('power on');
    });
    expect(rows.get(node.uuid)).toMatchObject({ reservation: null, power_state: 'power on' });
    await expect(tasks.withExclusive(node.uuid, () => Promise.reject(new Error('BMC down')))).rejects.toThrow('BMC down');
    expect(rows.get(node.uuid)!.reservation).toBeNull();
  });

  it("gives the lock back with a job's last write, and releases nothing more when the job ends", async () => {
    const node = fakeNode();
    const { rows, repos, releases } = lockTable([node]);
    const tasks = new TaskManager(repos, options, silentLogger());
    const pool = new WorkerPool(2, silentLogger());
    await tasks.spawnWithLock(node.uuid, pool, async (task) => void (await task.save({ target_power_state: 'power on' })), async (task) => {
      await task.saveAndRelease({ power_state: 'power on', target_power_state: null });
      // Released already: another conductor may hold the node now, and this job must not write any more.
      rows.get(node.uuid)!.reservation = 'c2';
    });
    expect(await pool.drain(1000)).toBe(true);
    expect(rows.get(node.uuid)).toMatchObject({ reservation: 'c2', power_state: 'power on', target_power_state: null });
    expect(releases()).toBe(1);
  });

  it('retries a node another conductor holds, then answers NodeLocked naming the holder; the observer sees each outcome', async () => {
    const node = fakeNode();
    const { rows, repos } = lockTable([node]);
    rows.get(node.uuid)!.reservation = 'c2';
    const outcomes: string[] = [];
    const tasks = new TaskManager(repos, options, silentLogger(), (_s, outcome) => outcomes.push(outcome));
    const error = await tasks.withExclusive(node.uuid, async () => 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeLocked);
    expect((error as Error).message).toContain('c2');
    expect(outcomes).toEqual(['NodeLocked']);
    expect(rows.get(node.uuid)!.reservation).toBe('c2');
  });

  it('a release that fails (database down) leaves no lock for good: the orphan sweep gives it back, never a lock still in use', async () => {
    const [done, busy] = [fakeNode(), fakeNode()];
    const { rows, repos, outage } = lockTable([done, busy]);
    const tasks = new TaskManager(repos, options, silentLogger());
    outage.down = true;
    // The work ends while the database is down: the caller still gets the work's answer, not the release's error.
    await expect(tasks.withExclusive(done.uuid, async () => 'done')).resolves.toBe('done');
    expect(rows.get(done.uuid)!.reservation).toBe('c1');
    outage.down = false;
    let sweep: string[] = [];
    await tasks.withExclusive(busy.uuid, async () => {
      sweep = await tasks.releaseOrphans();
    });
    expect(sweep).toEqual([done.uuid]);
    expect(rows.get(done.uuid)!.reservation).toBeNull();
    expect(rows.get(busy.uuid)!.reservation).toBeNull();
  });

  it('a deleted node is not released (the lock went with the row)', async () => {
    const node = fakeNode();
    const { rows, repos } = lockTable([node]);
    await new TaskManager(repos, options, silentLogger()).withExclusive(node.uuid, (task) => task.destroy());
    expect(rows.has(node.uuid)).toBe(false);
  });

  it('spawnWithLock: lock before slot; a full pool or a failed prepare gives both back; the job releases the lock when done', async () => {
    const [a, b] = [fakeNode(), fakeNode()];
    const { rows, repos } = lockTable([a, b]);
    const tasks = new TaskManager(repos, options, silentLogger());
    const pool = new WorkerPool(1, silentLogger());
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (finish = resolve));
    await tasks.spawnWithLock(a.uuid, pool, async (task) => void (await task.save({ target_power_state: 'power on' })), () => running);
    expect(rows.get(a.uuid)!.reservation).toBe('c1');
    // The only slot is taken: b is refused before anything changed, and its lock is given back.
    await expect(tasks.spawnWithLock(b.uuid, pool, async () => undefined, async () => undefined)).rejects.toBeInstanceOf(NoFreeConductorWorker);
    expect(rows.get(b.uuid)!.reservation).toBeNull();
    finish();
    await pool.drain(1000);
    expect(rows.get(a.uuid)!.reservation).toBeNull();
    await expect(tasks.spawnWithLock(b.uuid, pool, () => Promise.reject(new Error('invalid')), async () => undefined)).rejects.toThrow('invalid');
    expect(rows.get(b.uuid)!.reservation).toBeNull();
    expect(pool.active).toBe(0);
  });
});
