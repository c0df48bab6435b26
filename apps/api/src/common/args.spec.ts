import { InvalidParameterValue } from '@ferrum/errors';
import { fromQuery, mergeBody, rejectUnexpected, requireArg, toBoolean, toInteger, toMac, toStringList, toUuid } from './args';

describe('request arguments', () => {
  it('names every unexpected argument in one 400', () => {
    expect(() => rejectUnexpected({ limit: '1', foo: 'x', bar: 'y' }, ['limit'])).toThrow(
      new InvalidParameterValue({ message: 'Unexpected arguments: foo, bar' }),
    );
  });

  it('says which mandatory argument is missing', () => {
    expect(() => requireArg({}, 'target')).toThrow('Missing mandatory parameter: target');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['on', true],
    ['1', true],
    ['t', true],
    ['y', true],
    [true, true],
    ['false', false],
    ['No', false],
    ['OFF', false],
    ['0', false],
    ['f', false],
    ['n', false],
    [false, false],
  ])('reads %j as %j', (value, expected) => {
    expect(toBoolean('maintenance', value)).toBe(expected);
  });

  it('refuses a boolean it cannot read, listing the words it would accept', () => {
    expect(() => toBoolean('maintenance', 'maybe')).toThrow(
      "Invalid maintenance: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'",
    );
  });

  it('reads integers from strings and numbers only', () => {
    expect(toInteger('limit', '10')).toBe(10);
    expect(toInteger('limit', 7)).toBe(7);
    expect(() => toInteger('limit', 'ten')).toThrow('Expected an integer for limit: ten');
    expect(() => toInteger('limit', '1.5')).toThrow(InvalidParameterValue);
  });

  it('lower-cases, de-duplicates and drops empty list items', () => {
    expect(toStringList('fields', 'UUID,name,,uuid, Driver ')).toEqual(['uuid', 'name', 'driver']);
  });

  it('checks UUIDs and MACs, and lower-cases MACs', () => {
    expect(() => toUuid('marker', 'nope')).toThrow('Expected UUID for marker: nope');
    expect(toMac('address', 'AA:BB:CC:DD:EE:FF')).toBe('aa:bb:cc:dd:ee:ff');
    expect(() => toMac('address', 'aa:bb')).toThrow('Expected valid MAC address for address: aa:bb');
  });

  it('keeps the last of a repeated query key and merges body keys into the arguments', () => {
    expect(fromQuery({ limit: ['1', '2'] })).toEqual({ limit: '2' });
    expect(mergeBody({ a: '1' }, { target: 'power on' })).toEqual({ a: '1', target: 'power on' });
    expect(mergeBody({ a: '1' }, ['x'])).toEqual({ a: '1' });
  });
});
