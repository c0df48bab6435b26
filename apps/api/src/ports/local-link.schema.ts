import { Microversion } from '@ferrum/contracts';
import { Schema, checkArgSchema } from '../common/schema-errors';

/** The OVN VTEP switch keys (1.90): below 1.90 a link holding them is shown as `{}`. */
export const OVN_VTEP_KEYS = ['vtep-logical-switch', 'vtep-physical-switch'];

/**
 * Ironic's allow_ovn_vtep_version: from 1.90 until 1.105, which removed the support again (Ironic 34). The keys
 * stay in the schema of every release that had them; outside this range a create naming them is refused (406)
 * and a link holding them is shown as `{}`. A request's version never exceeds the served maximum, so it decides.
 */
export function allowsOvnVtep(version: number): boolean {
  return version >= Microversion.PORT_OVN_VTEP && version < Microversion.PORT_OVN_VTEP_REMOVED;
}

/**
 * A local link: which keys it may have (Ironic's LOCAL_LINK_BASE_SCHEMA), each branch adding what it requires.
 * From 1.90 the base also has the two VTEP switch keys, each requiring the other. The schema is the served
 * release's, not the request's: an error prints it, so a pinned 2023.1 keeps 21.4's.
 */
function base(ovn: boolean, networkTypes: string[], required: string[]): Schema {
  const vtep = { 'vtep-logical-switch': { type: 'string' }, 'vtep-physical-switch': { type: 'string' } };
  return {
    type: 'object',
    properties: {
      port_id: { type: 'string' },
      switch_id: { type: 'string' },
      hostname: { type: 'string' },
      switch_info: { type: 'string' },
      network_type: { type: 'string', enum: networkTypes },
      ...(ovn && vtep),
    },
    additionalProperties: false,
    ...(ovn && { dependentRequired: { 'vtep-logical-switch': ['vtep-physical-switch'], 'vtep-physical-switch': ['vtep-logical-switch'] } }),
    required,
  };
}

/**
 * A switch port (port_id + switch_id), a smart NIC (port_id + hostname), an unmanaged network, from 1.90 an
 * OVN VTEP switch (port_id + both vtep keys), or `{}`, in Ironic's order (it decides which error is printed).
 */
function localLinkSchema(maximum: number): Schema {
  const ovn = maximum >= Microversion.PORT_OVN_VTEP;
  return {
    anyOf: [
      base(ovn, ['managed', 'unmanaged'], ['port_id', 'switch_id']),
      base(ovn, ['managed', 'unmanaged'], ['port_id', 'hostname']),
      base(ovn, ['unmanaged'], ['network_type']),
      ...(ovn ? [base(ovn, ['managed', 'unmanaged'], ['port_id', ...OVN_VTEP_KEYS])] : []),
      { type: 'object', additionalProperties: false },
    ],
  };
}

const SCHEMAS = new Map<boolean, Schema>();

/** Checks local_link_connection as Ironic's args.schema does, against the schema of the served maximum. */
export function checkLocalLinkShape(value: unknown, maximum: number): void {
  const ovn = maximum >= Microversion.PORT_OVN_VTEP;
  if (!SCHEMAS.has(ovn)) SCHEMAS.set(ovn, localLinkSchema(maximum));
  checkArgSchema('local_link_connection', value, SCHEMAS.get(ovn)!);
}
