import { NOAUTH_CREDENTIALS } from '@ferrum/auth';
import { NotAcceptable } from '@ferrum/errors';
import type { IronicRequest } from '../common/ironic-request';
import { checkPortFieldVersions, portPatchAllowed, portSchemaKeys, validatePortBody } from './port-body.schema';

const at = (version: number): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials: NOAUTH_CREDENTIALS });
const base = { address: '52:54:00:12:34:56', node_uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123' };

describe('port body: name (1.88)', () => {
  it('keeps any string up to its column, or null, as the name, as Ironic checks only the type', () => {
    for (const name of ['eth0', 'my port', 'x'.repeat(255), null]) expect(validatePortBody({ ...base, name }, 'port', 88).name).toBe(name);
    expect(() => validatePortBody({ ...base, name: 5 }, 'port', 88)).toThrow("Schema error for port: 5 is not of type 'string', 'null'");
  });

  it('allows setting the name only from 1.88', () => {
    expect(() => checkPortFieldVersions(at(87), ['name'])).toThrow(NotAcceptable);
    expect(() => checkPortFieldVersions(at(88), ['name'])).not.toThrow();
  });

  it('has the name in the schema and among the patchable fields only where the served release has it', () => {
    expect(portPatchAllowed(88)).toContain('name');
    expect(portPatchAllowed(82)).not.toContain('name');
    expect(portPatchAllowed(82)).toContain('pxe_enabled');
    // Ironic 21.4's schema has no name: its additionalProperties refuses it (400) before any version check.
    expect(() => validatePortBody({ ...base, name: 'eth0' }, 'port', 82)).toThrow("Schema error for port: Additional properties are not allowed ('name' was unexpected)");
  });
});

describe('port body: local_link_connection with an OVN VTEP switch (1.90)', () => {
  const llc = { port_id: 'p', 'vtep-logical-switch': 'ls', 'vtep-physical-switch': 'ps' };

  it("is accepted where the served release has 1.90, and refused by the older schema's additionalProperties", () => {
    expect(validatePortBody({ ...base, local_link_connection: llc }, 'port', 90).local_link_connection).toEqual(llc);
    expect(() => validatePortBody({ ...base, local_link_connection: llc }, 'port', 89)).toThrow(/^Schema error for local_link_connection: .* Additional properties are not allowed/);
  });

  it('is set on create from 1.90 only, judged by the logical switch', () => {
    expect(() => checkPortFieldVersions(at(89), ['local_link_connection/vtep-logical-switch'])).toThrow(NotAcceptable);
    expect(() => checkPortFieldVersions(at(90), ['local_link_connection/vtep-logical-switch'])).not.toThrow();
    expect(() => checkPortFieldVersions(at(104), ['local_link_connection/vtep-logical-switch'])).not.toThrow();
  });

  it('is refused on create again from 1.105, which removed the support, though the schema still has the keys', () => {
    expect(() => checkPortFieldVersions(at(105), ['local_link_connection/vtep-logical-switch'])).toThrow(NotAcceptable);
    expect(validatePortBody({ ...base, local_link_connection: llc }, 'port', 105).local_link_connection).toEqual(llc);
  });
});

/** Texts are python-jsonschema's on Ironic 27.0's PORT_SCHEMA (args._validate_schema). */
describe('port body: node_ident (1.94)', () => {
  const address = '52:54:00:12:34:56';

  it('takes exactly one of node_ident and node_uuid where the served release has 1.94', () => {
    expect(validatePortBody({ address, node_ident: 'node-1' }, 'port', 94)).toEqual({ address, node_ident: 'node-1' });
    expect(validatePortBody(base, 'port', 94)).toEqual(base);
    expect(() => validatePortBody({ address }, 'port', 94)).toThrow(
      "Schema error for port: {'address': '52:54:00:12:34:56'} is not valid under any of the given schemas. Possible root cause: 'node_ident' is a required property",
    );
    expect(() => validatePortBody({ address, node_ident: 'n', node_uuid: base.node_uuid }, 'port', 94)).toThrow(
      `Schema error for port: {'address': '52:54:00:12:34:56', 'node_ident': 'n', 'node_uuid': '${base.node_uuid}'} is valid under each of {'required': ['node_uuid']}, {'required': ['node_ident']}`,
    );
    expect(() => validatePortBody({ address, node_ident: null }, 'port', 94)).toThrow("Schema error for port: None is not of type 'string'");
    expect(() => validatePortBody({ node_ident: 'n' }, 'port', 94)).toThrow("Schema error for port: 'address' is a required property");
  });

  it('is unknown to older releases, which require node_uuid', () => {
    expect(() => validatePortBody({ address, node_ident: 'n' }, 'port', 93)).toThrow("Schema error for port: 'node_uuid' is a required property");
    expect(() => validatePortBody({ ...base, node_ident: 'n' }, 'port', 93)).toThrow("Additional properties are not allowed ('node_ident' was unexpected)");
  });

  it('is patchable (in Ironic\'s list order) where the served release has it', () => {
    expect(portPatchAllowed(94)).toEqual(['address', 'extra', 'is_smartnic', 'local_link_connection', 'node_ident', 'node_uuid', 'physical_network', 'portgroup_uuid', 'pxe_enabled', 'name']);
    expect(portPatchAllowed(93)).not.toContain('node_ident');
    expect(portSchemaKeys(94)).toContain('node_ident');
  });
});

describe('port body: description (1.97), vendor (1.100), category (1.101)', () => {
  it.each([
    ['description', 97, 255],
    ['vendor', 100, 32],
    ['category', 101, 80],
  ] as const)('%s: a string up to its column, or null, from 1.%i of the served release', (field, since, length) => {
    expect(validatePortBody({ ...base, [field]: 'x'.repeat(length) }, 'port', since)[field]).toBe('x'.repeat(length));
    expect(validatePortBody({ ...base, [field]: null }, 'port', since)[field]).toBeNull();
    expect(() => validatePortBody({ ...base, [field]: 'x'.repeat(length + 1) }, 'port', since)).toThrow(`Schema error for port: '${'x'.repeat(length + 1)}' is too long`);
    expect(() => validatePortBody({ ...base, [field]: 5 }, 'port', since)).toThrow("Schema error for port: 5 is not of type 'string', 'null'");
    expect(() => validatePortBody({ ...base, [field]: 'x' }, 'port', since - 1)).toThrow(`Additional properties are not allowed ('${field}' was unexpected)`);
    expect(() => checkPortFieldVersions(at(since - 1), [field])).toThrow(NotAcceptable);
    expect(() => checkPortFieldVersions(at(since), [field])).not.toThrow();
    expect(portPatchAllowed(since)).toContain(field);
    expect(portPatchAllowed(since - 1)).not.toContain(field);
  });

  it('lists every patchable field of Ironic 32.0 in its order', () => {
    expect(portPatchAllowed(101)).toEqual([
      'address', 'extra', 'is_smartnic', 'local_link_connection', 'node_ident', 'node_uuid', 'physical_network', 'portgroup_uuid', 'pxe_enabled', 'name', 'description', 'vendor', 'category',
    ]);
  });
});
