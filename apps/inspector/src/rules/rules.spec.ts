import { jsonPath } from './json-path';
import { NodeEdits, formatValue } from './rule-actions';
import { checkCondition } from './rule-conditions';
import type { NodeRecord } from '@ferrum/contracts';

describe('rule field paths (JSONPath subset)', () => {
  const data = { memory_mb: 4096, inventory: { interfaces: [{ mac: 'a' }, { mac: 'b' }], cpu: { count: 8 } }, "odd key": 1 };
  it.each([
    ['memory_mb', [4096]],
    ['$.memory_mb', [4096]],
    ['inventory.cpu.count', [8]],
    ['$.inventory.interfaces[1].mac', ['b']],
    ['inventory.interfaces[*].mac', ['a', 'b']],
    ["$['odd key']", [1]],
    ['inventory.nope', []],
    ['inventory.interfaces[5]', []],
  ])('%s → %j', (path, expected) => {
    expect(jsonPath(data, path)).toEqual(expected);
  });
});

describe('rule conditions', () => {
  it.each([
    ['eq', '4096', 4096, true],
    ['ne', 1, 2, true],
    ['lt', 1, 2, true],
    ['gt', '10', 9, true],
    ['le', 2, 2, true],
    ['ge', 1, 2, false],
    ['in-net', '192.0.2.7', '192.0.2.0/24', true],
    ['in-net', '198.51.100.1', '192.0.2.0/24', false],
    ['matches', 'Dell Inc.', 'Dell.*', true],
    ['matches', 'xDell', 'Dell', false],
    ['contains', 'PowerEdge R640', 'R6\\d0', true],
    ['is-empty', '', undefined, true],
    ['is-empty', [], undefined, true],
    ['is-empty', {}, undefined, true],
    ['is-empty', 'x', undefined, false],
  ] as const)('%s(%j, %j) is %s', (op, field, value, expected) => {
    expect(checkCondition(op, field, value)).toBe(expected);
  });
});

describe('rule actions', () => {
  const node = { uuid: 'n', properties: { capabilities: 'a:b' }, extra: { keep: 1 } } as unknown as NodeRecord;

  it('formats {data[...]} values, recursively, and refuses unknown keys', () => {
    const data = { inventory: { bmc_address: '10.0.0.1' } };
    expect(formatValue('bmc={data[inventory][bmc_address]}', data)).toBe('bmc=10.0.0.1');
    expect(formatValue({ a: ['{data[inventory][bmc_address]}'] }, data)).toEqual({ a: ['10.0.0.1'] });
    expect(() => formatValue('{data[nope]}', data)).toThrow('Invalid formatting variable key provided: nope');
  });

  it('adds nested values without losing what the node has', () => {
    const edits = new NodeEdits(node);
    edits.add('/extra/rack/row', 'r1');
    edits.add('/name', 'renamed');
    expect(edits.changes).toEqual({ extra: { keep: 1, rack: { row: 'r1' } }, name: 'renamed' });
    expect(edits.get('/extra/rack/row')).toBe('r1');
  });
});
