import { checkLocalLinkShape } from './local-link.schema';

const PREFIX = 'Schema error for local_link_connection: ';

/** Expected texts are the real Ironic 21.4's (args._validate_schema on LOCAL_LINK_CONN_SCHEMA), run on Debian's jsonschema 4.10. */
describe('local_link_connection shapes (served maximum below 1.90)', () => {
  it.each([
    [{ colour: 'red' }, "{'colour': 'red'} is not valid under any of the given schemas. Possible root cause: Additional properties are not allowed ('colour' was unexpected)"],
    [{ port_id: 'p' }, "{'port_id': 'p'} is not valid under any of the given schemas. Possible root cause: 'switch_id' is a required property"],
    [{ switch_id: 's' }, "{'switch_id': 's'} is not valid under any of the given schemas. Possible root cause: 'port_id' is a required property"],
    [{ port_id: 5, switch_id: 's' }, "{'port_id': 5, 'switch_id': 's'} is not valid under any of the given schemas. Possible root cause: 'hostname' is a required property"],
    [{ network_type: 'x' }, "{'network_type': 'x'} is not valid under any of the given schemas. Possible root cause: 'port_id' is a required property"],
    [{ network_type: 'managed' }, "'managed' is not one of ['unmanaged']"],
    [{ port_id: 'p', switch_id: 's', extra: 1 }, "{'port_id': 'p', 'switch_id': 's', 'extra': 1} is not valid under any of the given schemas. Possible root cause: Additional properties are not allowed ('extra' was unexpected)"],
    [{ hostname: 'h' }, "{'hostname': 'h'} is not valid under any of the given schemas. Possible root cause: 'port_id' is a required property"],
    [{ network_type: 'unmanaged', colour: 1 }, "{'network_type': 'unmanaged', 'colour': 1} is not valid under any of the given schemas. Possible root cause: Additional properties are not allowed ('colour' was unexpected)"],
  ])('refuses %j as Ironic does', (value, message) => {
    expect(() => checkLocalLinkShape(value, 82)).toThrow(`${PREFIX}${message}`);
  });

  it.each([{}, { port_id: 'p', switch_id: 's' }, { port_id: 'p', hostname: 'h' }, { network_type: 'unmanaged' }, { port_id: 'p', switch_id: 's', switch_info: 'i', network_type: 'managed' }])(
    'accepts %j',
    (value) => {
      expect(() => checkLocalLinkShape(value, 82)).not.toThrow();
    },
  );
});

/**
 * From 1.90 (Ironic 24.1) an OVN VTEP switch: port_id and both vtep keys, each key requiring the other.
 * Expected texts are python-jsonschema's on Ironic's LOCAL_LINK_CONN_SCHEMA of 24.1.
 */
describe('local_link_connection shapes (served maximum 1.90 and later)', () => {
  it.each([
    [{ port_id: 'p', 'vtep-logical-switch': 'l' }, "{'port_id': 'p', 'vtep-logical-switch': 'l'} is not valid under any of the given schemas. Possible root cause: 'vtep-physical-switch' is a dependency of 'vtep-logical-switch'"],
    [{ port_id: 'p', 'vtep-physical-switch': 'x' }, "{'port_id': 'p', 'vtep-physical-switch': 'x'} is not valid under any of the given schemas. Possible root cause: 'vtep-logical-switch' is a dependency of 'vtep-physical-switch'"],
    [{ port_id: 'p', switch_id: 's', 'vtep-logical-switch': 'l' }, "{'port_id': 'p', 'switch_id': 's', 'vtep-logical-switch': 'l'} is not valid under any of the given schemas. Possible root cause: 'vtep-physical-switch' is a dependency of 'vtep-logical-switch'"],
    [{ 'vtep-logical-switch': 'l', 'vtep-physical-switch': 'x' }, "{'vtep-logical-switch': 'l', 'vtep-physical-switch': 'x'} is not valid under any of the given schemas. Possible root cause: 'port_id' is a required property"],
    [{ port_id: 'p', 'vtep-logical-switch': 5, 'vtep-physical-switch': 'x' }, "{'port_id': 'p', 'vtep-logical-switch': 5, 'vtep-physical-switch': 'x'} is not valid under any of the given schemas. Possible root cause: 'switch_id' is a required property"],
    [{ port_id: 'p' }, "{'port_id': 'p'} is not valid under any of the given schemas. Possible root cause: 'switch_id' is a required property"],
    [{ network_type: 'managed' }, "'managed' is not one of ['unmanaged']"],
  ])('refuses %j as Ironic 24.1 does', (value, message) => {
    expect(() => checkLocalLinkShape(value, 90)).toThrow(`${PREFIX}${message}`);
  });

  it.each([
    { port_id: 'p', 'vtep-logical-switch': 'l', 'vtep-physical-switch': 'x' },
    { port_id: 'p', switch_id: 's', 'vtep-logical-switch': 'l', 'vtep-physical-switch': 'x' },
    { port_id: 'p', switch_id: 's' },
    {},
  ])('accepts %j', (value) => {
    expect(() => checkLocalLinkShape(value, 90)).not.toThrow();
  });

  it('keeps the older schema, without the vtep keys, while the served maximum is below 1.90', () => {
    expect(() => checkLocalLinkShape({ port_id: 'p', 'vtep-logical-switch': 'l', 'vtep-physical-switch': 'x' }, 89)).toThrow(
      "Possible root cause: Additional properties are not allowed ('vtep-logical-switch', 'vtep-physical-switch' were unexpected)",
    );
  });
});
