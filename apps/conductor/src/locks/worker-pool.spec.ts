import { NoFreeConductorWorker } from '@ferrum/errors';
import { silentLogger } from '@ferrum/logging';
import { WorkerPool } from './worker-pool';

describe('WorkerPool', () => {
  it('refuses a job when every slot is taken, before anything starts', () => {
    const pool = new WorkerPool(1, silentLogger());
    pool.reserve();
    expect(() => pool.reserve()).toThrow(NoFreeConductorWorker);
  });

  it('frees the slot when the job ends, also when it throws', async () => {
    const pool = new WorkerPool(1, silentLogger());
    let release!: () => void;
    pool.reserve().run(() => new Promise<void>((r) => (release = r)));
    expect(pool.active).toBe(1);
    release();
    await pool.drain(1000);
    expect(pool.active).toBe(0);
    pool.reserve().run(async () => {
      throw new Error('driver blew up');
    });
    await pool.drain(1000);
    expect(pool.active).toBe(0);
  });

  it('frees a slot given back unused, once', () => {
    const pool = new WorkerPool(1, silentLogger());
    const slot = pool.reserve();
    slot.release();
    slot.release();
    expect(pool.active).toBe(0);
    expect(() => pool.reserve()).not.toThrow();
  });

  it('drains only when reserved slots are free too, so a job that starts late is still waited for', async () => {
    const pool = new WorkerPool(2, silentLogger());
    const slot = pool.reserve();
    let finished = false;
    const drained = pool.drain(5000);
    // The caller was still taking its node lock when the drain began; its job starts afterwards.
    await new Promise((r) => setTimeout(r, 20));
    slot.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      finished = true;
    });
    expect(await drained).toBe(true);
    expect(finished).toBe(true);
  });

  it('gives up draining after the timeout and says the pool is still busy', async () => {
    const pool = new WorkerPool(1, silentLogger());
    pool.reserve();
    expect(await pool.drain(20)).toBe(false);
    expect(await new WorkerPool(1, silentLogger()).drain(20)).toBe(true);
  });

  it('reports each refused job', () => {
    let refused = 0;
    const pool = new WorkerPool(1, silentLogger(), () => refused++);
    pool.reserve();
    expect(() => pool.reserve()).toThrow(NoFreeConductorWorker);
    expect(refused).toBe(1);
  });
});
