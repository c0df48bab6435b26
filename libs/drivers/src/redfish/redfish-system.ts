import type { NodeRecord } from '@ferrum/contracts';
import { RedfishError } from '@ferrum/errors';
import type { BmcSettings } from '../bmc/bmc-settings';
import { Json, RedfishClient, at, memberLinks } from './redfish-client';
import { RedfishDriverInfo, parseRedfishDriverInfo } from './redfish-driver-info';

/** A node's ComputerSystem: where it lives and how to reach it. Shared by the redfish interfaces. */
export class RedfishSystems {
  constructor(
    readonly client: RedfishClient,
    readonly settings: BmcSettings,
  ) {}

  info(node: Pick<NodeRecord, 'driver_info'>): RedfishDriverInfo {
    return parseRedfishDriverInfo(node, this.settings.redfish.authType);
  }

  /** The system path from driver_info, or the only member of the Systems collection (as sushy's get_system(None)). */
  async path(info: RedfishDriverInfo): Promise<string> {
    if (info.systemPath) return info.systemPath;
    const root = await this.client.get(info, '/redfish/v1/');
    const href = at(root, 'Systems', '@odata.id');
    const members = memberLinks(await this.client.get(info, typeof href === 'string' ? href : '/redfish/v1/Systems'));
    if (members.length !== 1) {
      throw new RedfishError({ message: `The Redfish service at ${info.origin} manages ${members.length} systems; set driver_info/redfish_system_id to one of: ${members.join(', ')}` });
    }
    return members[0];
  }

  async get(node: Pick<NodeRecord, 'driver_info'>): Promise<{ info: RedfishDriverInfo; path: string; system: Json }> {
    const info = this.info(node);
    const path = await this.path(info);
    return { info, path, system: await this.client.get(info, path) };
  }

  /** Members of a collection linked from a resource, each fetched. */
  async members(info: RedfishDriverInfo, link: unknown): Promise<Json[]> {
    const href = at(link, '@odata.id');
    if (typeof href !== 'string') return [];
    return Promise.all(memberLinks(await this.client.get(info, href)).map((m) => this.client.get(info, m)));
  }
}
