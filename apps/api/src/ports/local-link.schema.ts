import { Schema, checkArgSchema } from '../common/schema-errors';

/** A local link: which keys it may have (Ironic's LOCAL_LINK_BASE_SCHEMA), each branch adding what it requires. */
const base = (networkTypes: string[], required: string[]): Schema => ({
  type: 'object',
  properties: {
    port_id: { type: 'string' },
    switch_id: { type: 'string' },
    hostname: { type: 'string' },
    switch_info: { type: 'string' },
    network_type: { type: 'string', enum: networkTypes },
  },
  additionalProperties: false,
  required,
});

/** A switch port (port_id + switch_id), a smart NIC (port_id + hostname), an unmanaged network, or `{}`. */
const LOCAL_LINK_CONNECTION: Schema = {
  anyOf: [
    base(['managed', 'unmanaged'], ['port_id', 'switch_id']),
    base(['managed', 'unmanaged'], ['port_id', 'hostname']),
    base(['unmanaged'], ['network_type']),
    { type: 'object', additionalProperties: false },
  ],
};

/** Checks local_link_connection as Ironic's args.schema does. */
export function checkLocalLinkShape(value: unknown): void {
  checkArgSchema('local_link_connection', value, LOCAL_LINK_CONNECTION);
}
