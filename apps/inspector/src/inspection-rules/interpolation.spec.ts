import { interpolate, pyFormat, safeFormat, type FormatContext } from './interpolation';
import { PyError } from './errors';

const inventory = {
  cpu: { count: 4, architecture: 'x86_64' },
  bmc_address: '192.168.1.100',
  bmc_password: 'hunter2',
  interfaces: [{ mac_address: '2a:03:9c:53:4e:46' }],
  flags: { enabled: true, none: null, empty: '' },
};
const pluginData = { plugin: 'data', nested: { password: 'pw', keep: 1 } };
const node = { uuid: 'n1', driver: 'fake-hardware', properties: { cpus: 4 }, traits: ['CUSTOM_A'] };

const ctx = (extra: Partial<FormatContext> = {}): FormatContext => ({ node, inventory, plugin_data: pluginData, mask: false, ...extra });
const loop = (item: unknown) => ctx({ loop: { item } });

describe('str.format interpolation', () => {
  it.each([
    ['{inventory[cpu][architecture]}', 'x86_64'],
    ['{inventory[interfaces][0][mac_address]}', '2a:03:9c:53:4e:46'],
    ['{plugin_data[plugin]}', 'data'],
    ['{node.driver}', 'fake-hardware'],
    ['{node[driver]}', 'fake-hardware'], // Ironic's Node is dict-compatible
    ['{node.properties[cpus]}', '4'],
    ['{node.traits}', "['CUSTOM_A']"],
    ['CPU: {inventory[cpu][count]} cores', 'CPU: 4 cores'],
    ['{inventory[cpu]}', "{'count': 4, 'architecture': 'x86_64'}"], // str() of a dict is its Python repr
    ['{inventory[flags][enabled]}', 'True'],
    ['{inventory[flags][none]}', 'None'],
    ['{inventory[bmc_address][0]}', '1'], // str indexing
    ['{inventory[cpu][architecture]!r}', "'x86_64'"],
    ['{{literal}} {node.driver}', '{literal} fake-hardware'],
  ])('%s → %s', (template, expected) => {
    expect(pyFormat(template, ctx())).toBe(expected);
  });

  it.each([
    ['{inventory[missing][key]}', 'KeyError', "'missing'"],
    ['{node.properties.cpus}', 'AttributeError', "'dict' object has no attribute 'cpus'"], // dicts need [key]
    ['{node.nope}', 'AttributeError', "'Node' object has no attribute 'nope'"],
    ['{inventory.cpu}', 'AttributeError', "'dict' object has no attribute 'cpu'"],
    ['{inventory[interfaces][5]}', 'IndexError', 'list index out of range'],
    ['{inventory[interfaces][first]}', 'TypeError', 'list indices must be integers or slices, not str'],
    ['{inventory[cpu][count][0]}', 'TypeError', "'int' object is not subscriptable"],
    ['{item}', 'KeyError', "'item'"], // no loop, no item
    ['{}', 'IndexError', 'Replacement index 0 out of range for positional args tuple'],
    ['{node.driver', 'ValueError', "expected '}' before end of string"],
    ['oops }', 'ValueError', "Single '}' encountered in format string"],
    ['{node.driver:>20}', 'ValueError', "Unsupported format specifier '>20'"],
  ])('%s raises %s', (template, type, message) => {
    expect(() => pyFormat(template, ctx())).toThrow(new PyError(type as PyError['pyType'], message));
    try {
      pyFormat(template, ctx());
    } catch (err) {
      expect((err as PyError).pyType).toBe(type);
    }
  });

  it('masks secrets of the inventory and plugin data when asked to', () => {
    expect(pyFormat('{inventory[bmc_password]}', ctx({ mask: true }))).toBe('***');
    expect(pyFormat('{plugin_data[nested]}', ctx({ mask: true }))).toBe("{'password': '***', 'keep': 1}");
    expect(pyFormat('{inventory[bmc_password]}', ctx())).toBe('hunter2');
  });

  describe('safe_format', () => {
    const logs: string[] = [];
    const log = (level: string, msg: string) => logs.push(`${level}: ${msg}`);

    it('leaves the whole string as written when a field fails, with a warning', () => {
      expect(safeFormat('{node.driver} {inventory[missing]}', ctx(), 'eq', log)).toBe('{node.driver} {inventory[missing]}');
      expect(logs.pop()).toBe("warning: Interpolation failed: {node.driver} {inventory[missing]}: KeyError, 'missing'");
    });

    it('gives None for a missing key with is-empty only', () => {
      expect(safeFormat('{inventory[i.do.not.exist]}', ctx(), 'is-empty', log)).toBeNull();
      expect(safeFormat('{inventory[i.do.not.exist]}', ctx(), 'eq', log)).toBe('{inventory[i.do.not.exist]}');
      // Other errors keep the string, even for is-empty.
      expect(safeFormat('{node.nope}', ctx(), 'is-empty', log)).toBe('{node.nope}');
    });

    it('passes non-strings through', () => {
      expect(safeFormat(42, ctx(), undefined, log)).toBe(42);
    });
  });

  describe('interpolate_variables', () => {
    const noLog = () => undefined;

    it('formats dicts (keys and values) and lists recursively', () => {
      const value = {
        plain: 'value',
        arch: '{inventory[cpu][architecture]}',
        '{node.driver}': 1,
        nested: { list: ['{inventory[bmc_address]}', 5, ['{item[key]}']] },
      };
      expect(interpolate(value, loop({ key: 'k' }), undefined, noLog)).toEqual({
        plain: 'value',
        arch: 'x86_64',
        'fake-hardware': 1,
        nested: { list: ['192.168.1.100', 5, ['k']] },
      });
    });

    it('formats a string twice inside a loop, so that an item may hold a field', () => {
      expect(interpolate('{item[value]}', loop({ value: '{inventory[bmc_address]}' }), undefined, noLog)).toBe('192.168.1.100');
      expect(interpolate('{item[value]}', ctx(), undefined, noLog)).toBe('{item[value]}');
    });

    it('formats the loop item like Python prints it', () => {
      expect(interpolate('{item}', loop({ key: 'value', nested: { deep: 1 } }), undefined, noLog)).toBe("{'key': 'value', 'nested': {'deep': 1}}");
      expect(interpolate('{item}', loop(3), undefined, noLog)).toBe('3');
    });
  });
});
