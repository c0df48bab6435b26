import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDir, list } from '../inventory/sysfs';
import { type Collector } from './collector';

/** One LLDP TLV as IPA serialises it: `[type, value as lower-case hex]`. */
export type LldpTlv = [number, string];

const LLDP_ETHERTYPE = 0x88cc;
const ETHERNET_HEADER = 14;
const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xa1b23c4d]);
const PCAP_LINKTYPE_ETHERNET = 1;

/**
 * The TLVs of an LLDPDU (the Ethernet payload), as IPA's parser reads them: a 7-bit type and 9-bit length, then
 * the value. Like IPA it does not stop at the End TLV, and reports a trailing odd byte through `log`.
 */
export function parseLldpTlvs(pdu: Buffer, log: (msg: string) => void = () => undefined): LldpTlv[] {
  const tlvs: LldpTlv[] = [];
  let rest = pdu;
  while (rest.length >= 2) {
    const header = rest.readUInt16BE(0);
    const length = header & 0x01ff;
    tlvs.push([header >> 9, rest.subarray(2, 2 + length).toString('hex')]);
    rest = rest.subarray(2 + length);
  }
  if (rest.length) log(`lldp: trailing byte in an LLDP frame: ${rest.toString('hex')}`);
  return tlvs;
}

/**
 * The Ethernet frame in a capture file: either the frame itself (what IPA's raw socket receives) or a pcap file
 * (`tcpdump -c 1 -w FILE ether proto 0x88cc`), whose first packet is taken. Null when the file holds neither.
 */
export function captureFrame(file: Buffer): Buffer | null {
  if (file.length >= 24) {
    const le = file.readUInt32LE(0);
    const be = file.readUInt32BE(0);
    if (PCAP_MAGICS.has(le) || PCAP_MAGICS.has(be)) {
      const read = (at: number) => (PCAP_MAGICS.has(le) ? file.readUInt32LE(at) : file.readUInt32BE(at));
      if (read(20) !== PCAP_LINKTYPE_ETHERNET || file.length < 40) return null;
      return file.subarray(40, 40 + read(32));
    }
  }
  return file;
}

/** The TLVs of one captured LLDP frame; [] when the capture is empty, too short or not LLDP. */
export function lldpFromCapture(file: Buffer, log: (msg: string) => void = () => undefined): LldpTlv[] {
  const frame = captureFrame(file);
  if (!frame || frame.length < ETHERNET_HEADER) return [];
  if (frame.readUInt16BE(12) !== LLDP_ETHERTYPE) {
    log(`lldp: ignoring a captured frame of ethertype 0x${frame.readUInt16BE(12).toString(16)}`);
    return [];
  }
  return parseLldpTlvs(frame.subarray(ETHERNET_HEADER), log);
}

/** The interfaces IPA listens on: /sys/class/net entries that are devices, bonds or VLANs (`eth0.100`), not `lo`. */
async function lldpInterfaces(sysfs: string): Promise<string[]> {
  const net = join(sysfs, 'class/net');
  const names: string[] = [];
  for (const name of await list(net)) {
    if (name === 'lo') continue;
    const vlan = /^[^.]+\.\d+$/.test(name);
    if (vlan || (await isDir(join(net, name, 'device'))) || (await isDir(join(net, name, 'bonding')))) names.push(name);
  }
  return names;
}

/**
 * IPA's `lldp` collector: `lldp_raw: {<interface>: [[type, hex value], …]}`.
 *
 * IPA receives one LLDP frame per interface on promiscuous AF_PACKET raw sockets. Node has no raw sockets (and
 * they need root, which specs do not have), so the agent reads frames captured for it instead: the file
 * `<lldpDir>/<interface>` (default /run/ferrum/lldp) holding the Ethernet frame, or a pcap of it as written by
 * `tcpdump -i eth0 -c 1 -w /run/ferrum/lldp/eth0 ether proto 0x88cc` in the ramdisk's start-up. The TLV
 * parsing and the serialisation are IPA's. An interface without a capture gets [] (IPA: no frame before the
 * timeout); no capture directory at all is what IPA does when it cannot open its sockets: `{}` and a log line.
 * The inventory's per-interface `lldp` stays null, as in IPA without `ipa-collect-lldp`.
 */
export const collectLldp: Collector = async (ctx) => {
  if (!(await isDir(ctx.lldpDir))) {
    ctx.log(`lldp: no LLDP captures (${ctx.lldpDir} does not exist), sending no LLDP data`);
    return { lldp_raw: {} };
  }
  const raw: Record<string, LldpTlv[]> = {};
  for (const name of await lldpInterfaces(ctx.sysfs)) {
    const file = await readFile(join(ctx.lldpDir, name)).catch(() => null);
    raw[name] = file ? lldpFromCapture(file, ctx.log) : [];
  }
  return { lldp_raw: raw };
};
