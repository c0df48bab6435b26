import { Injectable } from '@nestjs/common';
import type { ChassisRecord } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { Links } from '../common/links';

export const CHASSIS_FIELDS = ['uuid', 'description', 'extra', 'created_at', 'updated_at', 'links', 'nodes'];
export const CHASSIS_DEFAULT_LIST_FIELDS = ['uuid', 'description'];

/** A ChassisRecord as returned (§10). */
@Injectable()
export class ChassisView {
  constructor(private readonly links: Links) {}

  render(chassis: ChassisRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      uuid: chassis.uuid,
      description: chassis.description,
      extra: chassis.extra ?? {},
      created_at: chassis.created_at,
      updated_at: chassis.updated_at,
      links: this.links.pair('chassis', chassis.uuid),
      // A list inside a list, as upstream returns it (a stray trailing comma in Ironic's chassis.py);
      // clients ignore the field, and matching upstream byte for byte costs nothing.
      nodes: [this.links.pair('chassis', `${chassis.uuid}/nodes`)],
    };
    return selectFields(body, fields, CHASSIS_FIELDS);
  }
}
