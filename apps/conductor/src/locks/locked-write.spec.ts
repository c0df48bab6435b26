import { LockLost, NodeNotFound } from '@ferrum/errors';
import { fakeNode } from '@ferrum/testing';
import { lockedWrite } from './locked-write';

const blip = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
const noSleep = async () => undefined;

describe('lockedWrite', () => {
  it('retries a write through a database blip and returns what the write that got through saved', async () => {
    const node = fakeNode({ power_state: 'power on' });
    const write = jest.fn().mockRejectedValueOnce(blip()).mockRejectedValueOnce(blip()).mockResolvedValue(node);
    await expect(lockedWrite(write, async () => undefined, noSleep)).resolves.toBe(node);
    expect(write).toHaveBeenCalledTimes(3);
  });

  it('gives up after four attempts, with the database error', async () => {
    const write = jest.fn().mockRejectedValue(blip());
    await expect(lockedWrite(write, async () => undefined, noSleep)).rejects.toThrow('Connection terminated');
    expect(write).toHaveBeenCalledTimes(4);
  });

  it('does not retry what the database said no to', async () => {
    const write = jest.fn().mockRejectedValue(new NodeNotFound({ node: 'x' }));
    await expect(lockedWrite(write, async () => undefined, noSleep)).rejects.toBeInstanceOf(NodeNotFound);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('after a blip, a lock found gone is a write that landed when the node says so, and lost otherwise', async () => {
    const node = fakeNode({ reservation: null, power_state: 'power off' });
    const landed = jest.fn().mockResolvedValueOnce(node).mockResolvedValueOnce(undefined);
    const lost = () => jest.fn().mockRejectedValueOnce(blip()).mockRejectedValue(new LockLost({ node: node.uuid, host: 'c1' }));
    await expect(lockedWrite(lost(), landed, noSleep)).resolves.toBe(node);
    await expect(lockedWrite(lost(), landed, noSleep)).rejects.toBeInstanceOf(LockLost);
    // Without a blip before it, LockLost is the answer at once: the lock was taken over.
    const taken = jest.fn().mockRejectedValue(new LockLost({ node: node.uuid, host: 'c1' }));
    await expect(lockedWrite(taken, landed, noSleep)).rejects.toBeInstanceOf(LockLost);
    expect(landed).toHaveBeenCalledTimes(2);
  });
});
