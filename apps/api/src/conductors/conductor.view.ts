import { Injectable } from '@nestjs/common';
import type { ConductorRecord } from '@ferrum/contracts';
import { selectFields } from '../common/fields';
import { Links } from '../common/links';

export const CONDUCTOR_FIELDS = ['hostname', 'conductor_group', 'alive', 'drivers', 'created_at', 'updated_at', 'links'];
export const CONDUCTOR_DEFAULT_LIST_FIELDS = ['hostname', 'conductor_group', 'alive'];

/** A conductor as /v1/conductors shows it (§12); `alive` means its heartbeat is recent. */
@Injectable()
export class ConductorView {
  constructor(private readonly links: Links) {}

  render(conductor: ConductorRecord, fields?: string[]): Record<string, unknown> {
    const body = {
      hostname: conductor.hostname,
      conductor_group: conductor.conductor_group,
      alive: conductor.online,
      drivers: conductor.drivers,
      created_at: conductor.created_at,
      updated_at: conductor.updated_at,
      links: this.links.pair('conductors', conductor.hostname),
    };
    return selectFields(body, fields, CONDUCTOR_FIELDS);
  }
}
