import type { InventorySystemVendor } from '@ferrum/contracts';
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { known, readText } from './sysfs';

const DMI = '/sys/class/dmi/id';
const run = promisify(execFile);

/** DMI system and firmware identity (the files dmidecode reads, without needing root for most). */
export async function collectSystemVendor(): Promise<InventorySystemVendor> {
  const dmi = async (file: string) => known(await readText(`${DMI}/${file}`));
  return {
    product_name: await dmi('product_name'),
    serial_number: await dmi('product_serial'),
    manufacturer: await dmi('sys_vendor'),
    firmware: { vendor: await dmi('bios_vendor'), version: await dmi('bios_version'), build_date: await dmi('bios_date') },
  };
}

export async function bootMode(): Promise<'uefi' | 'bios'> {
  try {
    await access('/sys/firmware/efi');
    return 'uefi';
  } catch {
    return 'bios';
  }
}

/**
 * The BMC's LAN address, read the way IPA does (`ipmitool lan print`) when the machine has an IPMI device;
 * null when it has none or ipmitool cannot tell. Channels 1..2 are tried as most BMCs use one of them.
 */
export async function bmcAddress(): Promise<{ v4: string | null; mac: string | null }> {
  try {
    await access('/dev/ipmi0');
  } catch {
    return { v4: null, mac: null };
  }
  for (const channel of ['1', '2']) {
    try {
      const { stdout } = await run('ipmitool', ['lan', 'print', channel], { timeout: 10_000 });
      const ip = /^IP Address\s*:\s*(\S+)/m.exec(stdout)?.[1] ?? null;
      const mac = /^MAC Address\s*:\s*(\S+)/m.exec(stdout)?.[1] ?? null;
      if (ip && ip !== '0.0.0.0') return { v4: ip, mac };
    } catch {
      // ipmitool missing or the channel does not exist: try the next one.
    }
  }
  return { v4: '0.0.0.0', mac: null };
}
