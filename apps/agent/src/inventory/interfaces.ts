import type { InventoryInterface } from '@ferrum/contracts';
import { normalizeMac } from '@ferrum/contracts';
import { networkInterfaces } from 'node:os';
import { basename } from 'node:path';
import { known, linkName, list, readInt, readText, resolved } from './sysfs';

const NET = '/sys/class/net';

/**
 * Physical NICs, as IPA lists them: entries of /sys/class/net backed by a device (virtual ones such as
 * lo, bridges, veth or ifb have no `device` link), with their current addresses from the kernel.
 */
export async function collectInterfaces(sysNet = NET): Promise<InventoryInterface[]> {
  const addresses = networkInterfaces();
  const result: InventoryInterface[] = [];
  for (const name of await list(sysNet)) {
    const dir = `${sysNet}/${name}`;
    const device = await resolved(`${dir}/device`);
    if (!device) continue;
    const own = addresses[name] ?? [];
    const v4 = own.find((a) => a.family === 'IPv4');
    const v6 = own.find((a) => a.family === 'IPv6');
    const speed = await readInt(`${dir}/speed`);
    const pciAddress = basename(device);
    result.push({
      name,
      mac_address: normalizeMac(await readText(`${dir}/address`)),
      ipv4_address: v4?.address ?? null,
      ipv6_address: v6 ? (v6.scopeid ? `${v6.address}%${name}` : v6.address) : null,
      // Reading carrier of a down interface fails with EINVAL: that is "no carrier".
      has_carrier: (await readText(`${dir}/carrier`)) === '1',
      lldp: null,
      vendor: known(await readText(`${dir}/device/vendor`)),
      product: known(await readText(`${dir}/device/device`)),
      client_id: null,
      biosdevname: null,
      speed_mbps: speed !== null && speed > 0 ? speed : null,
      pci_address: /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$/i.test(pciAddress) ? pciAddress : null,
      driver: await linkName(`${dir}/device/driver`),
    });
  }
  return result;
}
