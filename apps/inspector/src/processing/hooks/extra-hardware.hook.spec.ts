import type { Dict } from '@ferrum/contracts';
import { convertExtraHardware } from './extra-hardware.hook';

/** hardware-detect's records of a small VM, as IPA's extra-hardware collector sends them. */
const DATA = [
  ['disk', 'logical', 'count', '1'],
  ['disk', 'vda', 'size', '11'],
  ['disk', 'vda', 'vendor', '0x1af4'],
  ['disk', 'vda', 'rotational', '1'],
  ['system', 'product', 'name', 'RHEL'],
  ['system', 'product', 'version', 'RHEL-9.2.0 PC'],
  ['system', 'product', 'uuid', 'afdd3896-de8d-4585-8214-627071e13552'],
  ['cpu', 'logical', 'frequency', '2.4'],
];

const run = (pluginData: Dict, strict = false) => {
  const data = structuredClone(pluginData);
  const warn = jest.fn();
  convertExtraHardware(data, strict, warn);
  return { data, warn };
};

describe("Ironic's extra-hardware hook", () => {
  it('nests the records under plugin_data.extra, integers as numbers, and drops data', () => {
    const { data, warn } = run({ data: DATA, other: 1 });
    expect(data).toEqual({
      other: 1,
      extra: {
        disk: { logical: { count: 1 }, vda: { size: 11, vendor: '0x1af4', rotational: 1 } },
        system: { product: { name: 'RHEL', version: 'RHEL-9.2.0 PC', uuid: 'afdd3896-de8d-4585-8214-627071e13552' } },
        cpu: { logical: { frequency: '2.4' } },
      },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('skips empty records quietly and short ones with a warning, keeping the levels they named', () => {
    const { data, warn } = run({ data: [['memory', 'total', 'size', '4294967296'], [], ['cpu', 'physical', 'WUT'], ['gpu', 'x'], [[1], 'y', 'z', 1]] });
    expect(data).toEqual({ extra: { memory: { total: { size: 4294967296 } }, cpu: { physical: {} }, gpu: { x: {} } } });
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledWith('Ignoring invalid extra data item ["cpu","physical","WUT"]. Error: list index out of range');
  });

  it('warns without data, and leaves data in another shape unless strict', () => {
    expect(run({ cats: 'meow' }).data).toEqual({ cats: 'meow' });
    expect(run({ cats: 'meow' }).warn).toHaveBeenCalledWith('No extra hardware information was received from the ramdisk');
    const odd = { data: [['memory', 'total', 'size', '1'], { interface: 'eth1' }] };
    const lax = run(odd);
    expect(lax.data).toEqual(odd);
    expect(lax.warn).toHaveBeenCalledWith('Extra hardware data was not in a recognised format, and will not be forwarded to inspection rules');
    expect(run(odd, true).data).toEqual({});
  });

  it('in strict mode also refuses a record of the wrong length', () => {
    const short = { data: [['memory', 'total', 'size', '1'], ['cpu', 'physical', 'WUT']] };
    expect(run(short, true).data).toEqual({});
    expect(run(short, false).data).toEqual({ extra: { memory: { total: { size: 1 } }, cpu: { physical: {} } } });
  });
});
