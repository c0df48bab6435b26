import { NOAUTH_CREDENTIALS } from '@ferrum/auth';
import { NotAcceptable } from '@ferrum/errors';
import type { IronicRequest } from '../common/ironic-request';
import { nodeCreateSchema, rejectNewerFields, validateNodeBody } from './node-body.schema';
import { checkNodeNames } from './node-name';

const at = (version: number): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials: NOAUTH_CREDENTIALS });

describe('node body validation', () => {
  it('converts string booleans and keeps everything else as given', () => {
    expect(validateNodeBody({ driver: 'd', maintenance: 'on', retired: false, properties: { a: 1 } }, 'node', nodeCreateSchema)).toEqual({
      driver: 'd',
      maintenance: true,
      retired: false,
      properties: { a: 1 },
    });
  });

  it('names the first unexpected keys like jsonschema does', () => {
    expect(() => validateNodeBody({ driver: 'd', a: 1, b: 2 }, 'node', nodeCreateSchema)).toThrow(
      "Schema error for node: Additional properties are not allowed ('a', 'b' were unexpected)",
    );
  });

  it('refuses a resource class over 80 characters', () => {
    expect(() => validateNodeBody({ driver: 'd', resource_class: 'r'.repeat(81) }, 'node', nodeCreateSchema)).toThrow(/is too long/);
  });

  it.each([
    [{ owner: 'p' }, 49, true],
    [{ owner: null }, 49, false],
    [{ conductor_group: '' }, 45, false],
    [{ conductor_group: 'g' }, 45, true],
    [{ name: null }, 1, false],
    [{ name: 'n' }, 4, true],
    [{ automated_clean: false }, 46, true],
    [{ shard: 's' }, 82, false],
    [{ parent_node: 'p' }, 82, true],
    [{ parent_node: null }, 82, false],
    [{ parent_node: 'p' }, 83, false],
  ])('%j at 1.%d is refused: %s', (body, version, refused) => {
    const check = () => rejectNewerFields(at(version), body);
    if (refused) expect(check).toThrow(NotAcceptable);
    else expect(check).not.toThrow();
  });
});

describe('node names', () => {
  const message = (name: string) => `invalid ${name}`;

  it('accepts RFC 3986 unreserved characters from 1.10, host names before', () => {
    expect(() => checkNodeNames(at(10), ['Rack_1.node~2'], message)).not.toThrow();
    expect(() => checkNodeNames(at(9), ['Rack_1'], message)).toThrow('invalid Rack_1');
    expect(() => checkNodeNames(at(9), ['rack-1'], message)).not.toThrow();
  });

  it('refuses UUID-looking names and reserved words, listing the reserved words', () => {
    expect(() => checkNodeNames(at(82), ['1be26c0b-03f2-4d2e-ae87-c02d7f33c123'], message)).toThrow('invalid 1be26c0b');
    expect(() => checkNodeNames(at(82), ['maintenance'], message)).toThrow(
      'The word "maintenance" is reserved and can not be used as a node name. Reserved words are: maintenance, management, states, vendor_passthru, detail, validate.',
    );
  });

  it('needs 1.5 for names at all', () => {
    expect(() => checkNodeNames(at(4), ['n'], message)).toThrow(NotAcceptable);
  });
});
