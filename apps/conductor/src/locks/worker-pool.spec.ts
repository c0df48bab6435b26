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
});
