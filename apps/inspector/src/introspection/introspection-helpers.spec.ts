import type { NodeRecord } from '@ferrum/contracts';
import { Conflict } from '@ferrum/errors';
import { bmcAddresses } from './bmc-address';
import { NodeLocks } from './node-locks';

describe('per-node locks', () => {
  it('serialises holders of one node and lets other nodes through', async () => {
    const locks = new NodeLocks();
    const order: string[] = [];
    const first = await locks.acquire('a');
    const second = locks.acquire('a').then((release) => {
      order.push('second');
      release();
    });
    const other = await locks.acquire('b');
    order.push('other');
    other();
    order.push('first done');
    first();
    await second;
    expect(order).toEqual(['other', 'first done', 'second']);
  });

  it('refuses a try-lock on a held node with 409 Conflict (abort while processing)', async () => {
    const locks = new NodeLocks();
    const release = await locks.acquire('a');
    expect(() => locks.tryAcquire('a')).toThrow(Conflict);
    release();
    locks.tryAcquire('a')();
  });
});

describe('BMC address of a node (lookup attribute)', () => {
  const node = (driver_info: Record<string, unknown>) => ({ uuid: 'n1', driver_info }) as unknown as NodeRecord;

  it.each([
    [{ ipmi_address: '192.0.2.5' }, ['192.0.2.5']],
    [{ redfish_address: 'https://192.0.2.6:8000/redfish/v1' }, ['192.0.2.6']],
    [{ redfish_address: 'https://[2001:db8::7]/' }, ['2001:db8::7']],
    [{ ipmi_address: '192.0.2.5', redfish_address: '192.0.2.9' }, ['192.0.2.5']],
    [{ ipmi_address: '127.0.0.1' }, []],
    [{ ipmi_address: '192.0.2.5', ipmi_bridging: 'single' }, []],
    [{}, []],
  ])('driver_info %j gives %j', async (info, expected) => {
    expect(await bmcAddresses(node(info))).toEqual(expected);
  });

  it('refuses a BMC name that does not resolve', async () => {
    await expect(bmcAddresses(node({ ipmi_address: 'no-such-bmc.invalid' }))).rejects.toThrow('Cannot resolve BMC address no-such-bmc.invalid');
  });
});
