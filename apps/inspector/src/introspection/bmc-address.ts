import type { NodeRecord } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** driver_info keys holding a BMC address, in ironic-inspector's order (§8.3). */
const BMC_FIELDS = ['ipmi_address', 'redfish_address', 'ilo_address', 'drac_host', 'drac_address', 'ibmc_address'];

/**
 * The node's BMC addresses as lookup attributes (§8.3): the first non-empty driver_info field, a URL's host,
 * resolved to one IPv4 and one IPv6 address; loopback ignored. A bridged IPMI BMC has no address of its own.
 * @throws Invalid when the name does not resolve
 */
export async function bmcAddresses(node: NodeRecord): Promise<string[]> {
  const info = node.driver_info;
  if (info.ipmi_bridging !== undefined && info.ipmi_bridging !== 'no') return [];
  const raw = BMC_FIELDS.map((f) => info[f]).find((v) => typeof v === 'string' && v.trim() !== '') as string | undefined;
  if (!raw) return [];
  let host = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) host = new URL(host).hostname.replace(/^\[|\]$/g, '');
  const found: string[] = [];
  if (isIP(host)) found.push(host);
  else {
    try {
      const all = await lookup(host, { all: true });
      for (const family of [4, 6]) {
        const a = all.find((r) => r.family === family);
        if (a) found.push(a.address);
      }
    } catch (err) {
      throw new Invalid({ message: `Cannot resolve BMC address ${host} of node ${node.uuid}: ${(err as Error).message}` });
    }
  }
  return found.filter((a) => !a.startsWith('127.') && a !== '::1');
}
