import { checkLocalLinkShape } from './local-link.schema';

const PREFIX = 'Schema error for local_link_connection: ';

/** Expected texts are the real Ironic 21.4's (args._validate_schema on LOCAL_LINK_CONN_SCHEMA), run on Debian's jsonschema 4.10. */
describe('local_link_connection shapes', () => {
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
    expect(() => checkLocalLinkShape(value)).toThrow(`${PREFIX}${message}`);
  });

  it.each([{}, { port_id: 'p', switch_id: 's' }, { port_id: 'p', hostname: 'h' }, { network_type: 'unmanaged' }, { port_id: 'p', switch_id: 's', switch_info: 'i', network_type: 'managed' }])(
    'accepts %j',
    (value) => {
      expect(() => checkLocalLinkShape(value)).not.toThrow();
    },
  );
});
