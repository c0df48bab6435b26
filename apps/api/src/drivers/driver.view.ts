import { Injectable } from '@nestjs/common';
import { INTERFACE_KINDS, InterfaceKind, Microversion } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import type { ActiveDriver } from './driver-catalog.service';

/** Interface types whose default/enabled fields appeared after 1.30 (Ironic's hide_fields_in_newer_versions). */
const INTERFACE_SINCE: Partial<Record<InterfaceKind, number>> = {
  storage: Microversion.STORAGE_INTERFACE,
  rescue: Microversion.RESCUE,
  bios: Microversion.BIOS_INTERFACE,
  firmware: Microversion.FIRMWARE_INTERFACE,
};

export const DRIVER_FIELDS = [
  'name',
  'hosts',
  'type',
  'links',
  'properties',
  ...INTERFACE_KINDS.flatMap((k) => [`default_${k}_interface`, `enabled_${k}_interfaces`]),
];

/** A hardware type as /v1/drivers shows it (§11); every driver is `dynamic` since Ironic dropped classic drivers. */
@Injectable()
export class DriverView {
  constructor(private readonly links: Links) {}

  render(driver: ActiveDriver, req: IronicRequest, detail: boolean, fields?: string[]): Record<string, unknown> {
    const body: Record<string, unknown> = {
      name: driver.name,
      hosts: driver.hosts,
      links: this.links.pair('drivers', driver.name),
    };
    if (allows(req, Microversion.STATES_LINK)) body.properties = this.links.pair('drivers', `${driver.name}/properties`);
    if (allows(req, Microversion.DYNAMIC_DRIVERS)) {
      body.type = 'dynamic';
      if (detail) {
        for (const kind of INTERFACE_KINDS) {
          if (!allows(req, INTERFACE_SINCE[kind] ?? Microversion.DYNAMIC_DRIVERS)) continue;
          body[`default_${kind}_interface`] = driver.interfaces[kind].default;
          body[`enabled_${kind}_interfaces`] = driver.interfaces[kind].enabled;
        }
      }
    }
    return selectFields(body, fields, DRIVER_FIELDS);
  }
}
