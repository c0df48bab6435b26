import { NOAUTH_CREDENTIALS } from '@ferrum/auth';
import { InvalidParameterValue, NotAcceptable } from '@ferrum/errors';
import type { IronicRequest } from '../common/ironic-request';
import { childNodeFilter, parseNodeListQuery } from './node-list.query';

const at = (version: number): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials: NOAUTH_CREDENTIALS });
const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

describe('node list child arguments', () => {
  it('parses include_children as a boolean and parent_node as a string at 1.83', () => {
    expect(parseNodeListQuery(at(83), { include_children: 'True', parent_node: UUID }, false)).toMatchObject({ include_children: true, parent_node: UUID });
    expect(() => parseNodeListQuery(at(83), { include_children: 'maybe' }, false)).toThrow(InvalidParameterValue);
  });

  it.each(['include_children', 'parent_node'])('refuses %s on the list below 1.83, naming the version', (name) => {
    expect(() => parseNodeListQuery(at(82), { [name]: 'True' }, false)).toThrow(NotAcceptable);
    expect(() => parseNodeListQuery(at(82), { [name]: 'True' }, false)).toThrow('Request not acceptable. The minimal required API version should be 1.83');
  });

  it('takes both raw and at any version on /detail, where any non-empty include_children counts as true', () => {
    expect(parseNodeListQuery(at(1), { include_children: 'False', parent_node: 'x' }, true)).toMatchObject({ include_children: true, parent_node: 'x' });
    expect(parseNodeListQuery(at(83), { include_children: '' }, true)).toMatchObject({ include_children: false });
  });
});

describe('childNodeFilter', () => {
  it('hides children by default, and when include_children is false', () => {
    expect(childNodeFilter({})).toEqual({ exclude_children: true });
    expect(childNodeFilter({ include_children: false })).toEqual({ exclude_children: true });
  });

  it('lists the children of one parent', () => {
    expect(childNodeFilter({ parent_node: UUID })).toEqual({ parent_node: UUID });
    expect(childNodeFilter({ include_children: false, parent_node: UUID })).toEqual({ parent_node: UUID });
  });

  it('shows every node with include_children, ignoring parent_node', () => {
    expect(childNodeFilter({ include_children: true, parent_node: UUID })).toEqual({});
  });
});
