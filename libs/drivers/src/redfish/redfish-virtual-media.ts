import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, RedfishError } from '@ferrum/errors';
import { Json, at, memberLinks } from './redfish-client';
import type { RedfishDriverInfo } from './redfish-driver-info';
import type { RedfishSystems } from './redfish-system';

/** Ironic's sushy virtual media device types, by the Redfish MediaTypes value each means. */
export type VirtualMediaDevice = 'cd' | 'dvd' | 'floppy' | 'usb';
const MEDIA_TYPE: Record<VirtualMediaDevice, string> = { cd: 'CD', dvd: 'DVD', floppy: 'Floppy', usb: 'USBStick' };
/** How Ironic's messages name them (sushy's enum members, as Python prints them). */
const SUSHY_NAME: Record<VirtualMediaDevice, string> = { cd: 'VirtualMediaType.CD', dvd: 'VirtualMediaType.DVD', floppy: 'VirtualMediaType.FLOPPY', usb: 'VirtualMediaType.USB_STICK' };

export interface InsertMediaOptions {
  username?: string;
  password?: string;
  /** TransferProtocolType to send (HTTP, HTTPS…); without it the BMC picks from the URL. */
  transferProtocol?: string;
  /** Ironic retries a BMC's 5xx (a Dell eject still in progress): 3 attempts, 3 s apart. */
  attempts?: number;
  retryIntervalMs?: number;
}

type Node = Pick<NodeRecord, 'uuid' | 'driver_info'>;
/** A drive: where it is, its document, and whether the BMC allows a PATCH of it (sushy's fallback when it has no actions). */
type Drive = { path: string; doc: Json; patchable: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** RedfishClient's errors give the BMC's HTTP status only in their text ("… returned code 400. …"). */
const statusOf = (err: unknown): number | undefined => {
  const code = err instanceof Error ? /returned code (\d{3})\b/.exec(err.message)?.[1] : undefined;
  return code ? Number(code) : undefined;
};

/**
 * Ironic's drive matching: a drive listing the device's media type, or, for a CD, one listing only DVD
 * (Cisco UCS blades: bugs 2031595, 2039042).
 */
function fits(drive: Drive, device: VirtualMediaDevice): boolean {
  const types = Array.isArray(drive.doc.MediaTypes) ? (drive.doc.MediaTypes as unknown[]) : [];
  return types.includes(MEDIA_TYPE[device]) || (device === 'cd' && types.includes('DVD'));
}

/**
 * Where a system's drives are, as Ironic looks for them: the system's own VirtualMedia collection (Redfish
 * 1.10+, and the DMTF mockups) when it links one, otherwise the collections of the managers it is managed by.
 */
async function vmediaCollections(systems: RedfishSystems, info: RedfishDriverInfo, system: Json): Promise<{ own: string | undefined; managers: string[] }> {
  const own = at(system, 'VirtualMedia', '@odata.id');
  const managedBy = ((at(system, 'Links', 'ManagedBy') ?? []) as unknown[]).map((m) => at(m, '@odata.id')).filter((p): p is string => typeof p === 'string');
  const managers = await Promise.all(managedBy.map(async (path) => at(await systems.client.get(info, path), 'VirtualMedia', '@odata.id')));
  return { own: typeof own === 'string' ? own : undefined, managers: managers.filter((p): p is string => typeof p === 'string') };
}

async function drives(systems: RedfishSystems, info: RedfishDriverInfo, collection: string): Promise<Drive[]> {
  const paths = memberLinks(await systems.client.get(info, collection));
  return Promise.all(
    paths.map(async (path) => {
      const reply = await systems.client.request(info, 'GET', path);
      const allow = String(reply.headers.allow ?? '');
      return { path, doc: reply.body ?? {}, patchable: allow.split(',').some((m) => m.trim().toUpperCase() === 'PATCH') };
    }),
  );
}

/** Ejects every inserted drive of one collection that fits the device (all drives without one); true if any was. */
async function ejectFrom(systems: RedfishSystems, info: RedfishDriverInfo, collection: string, device?: VirtualMediaDevice): Promise<boolean> {
  let found = false;
  for (const drive of await drives(systems, info, collection)) {
    if ((device && !fits(drive, device)) || !drive.doc.Inserted) continue;
    const target = at(drive.doc, 'Actions', '#VirtualMedia.EjectMedia', 'target');
    // An empty object rather than no body: HPE iLO refuses the action without one (sushy retries with it).
    if (typeof target === 'string') await systems.client.post(info, target, {});
    else if (drive.patchable) await systems.client.patch(info, drive.path, { Image: null, Inserted: false });
    else throw new RedfishError({ message: `The action #VirtualMedia.EjectMedia is missing from the resource ${drive.path}` });
    found = true;
  }
  return found;
}

/**
 * Ironic's _insert_vmedia_in_resource: empties the drives of that type, then mounts the image in the first
 * fitting drive that takes it. A drive without the action (or refusing with 400 or 405) is skipped; a 5xx
 * ends this attempt. Returns whether the image was mounted.
 */
async function insertInto(systems: RedfishSystems, node: Node, info: RedfishDriverInfo, collection: string, url: string, device: VirtualMediaDevice, options: InsertMediaOptions, errors: string[]): Promise<boolean> {
  await ejectFrom(systems, info, collection, device).catch(() => undefined);
  for (const drive of await drives(systems, info, collection)) {
    if (!fits(drive, device)) continue;
    const action = at(drive.doc, 'Actions', '#VirtualMedia.InsertMedia', 'target');
    const payload: Json = { Image: url };
    if (options.username) payload.UserName = options.username;
    if (options.password) payload.Password = options.password;
    if (options.transferProtocol) payload.TransferProtocolType = options.transferProtocol;
    try {
      // sushy leaves out Inserted and WriteProtected (true, true: the defaults) from the action, which SuperMicro
      // refuses, and sends both with a PATCH, without which Lenovo mounts nothing.
      if (typeof action === 'string') await systems.client.post(info, action, payload);
      else if (drive.patchable) await systems.client.patch(info, drive.path, { ...payload, Inserted: true, WriteProtected: true });
      else continue;
    } catch (err) {
      const status = statusOf(err);
      const message = err instanceof Error ? err.message : String(err);
      if (status === 400 || status === 405) {
        errors.push(`Inserting virtual media into ${SUSHY_NAME[device]} failed for node ${node.uuid}, moving to next virtual media device, if available. ${message}`);
        continue;
      }
      if (status !== undefined && status >= 500 && !errors.includes(message)) errors.push(message);
      throw err;
    }
    return true;
  }
  return false;
}

/**
 * Ironic's _insert_vmedia: mounts the image at `url` in a drive of the node's system of the device type
 * (through the system's own VirtualMedia, else its managers'), emptying that type's drives first.
 * @throws InvalidParameterValue with Ironic's words when no drive took it
 */
export async function insertMedia(systems: RedfishSystems, node: Node, url: string, device: VirtualMediaDevice, options: InsertMediaOptions = {}): Promise<void> {
  const { info, system } = await systems.get(node);
  const { own, managers } = await vmediaCollections(systems, info, system);
  const errors: string[] = [];
  const attempts = options.attempts ?? 3;
  for (const collection of own ? [own] : managers) {
    for (let attempt = 1; ; attempt++) {
      try {
        if (await insertInto(systems, node, info, collection, url, device, options, errors)) return;
        break;
      } catch (err) {
        const status = statusOf(err);
        if (status === undefined || status < 500) throw err;
        // A 5xx that outlived the retries: this collection failed (its error is recorded); try the next.
        if (attempt >= attempts) break;
        await sleep(options.retryIntervalMs ?? 3000);
      }
    }
  }
  if (!errors.length) throw new InvalidParameterValue({ message: `No suitable virtual media device found for node ${node.uuid} to mount image ${url}` });
  const [first, last] = [errors[0], errors[errors.length - 1]];
  throw new InvalidParameterValue({
    message:
      first === last
        ? `Virtual media mount failed for node ${node.uuid} with image ${url}. Error: ${first}`
        : `Virtual media mount failed for node ${node.uuid} with image ${url} after multiple attempts. First error: ${first}. Last error: ${last}`,
  });
}

/**
 * Ironic's _eject_vmedia: empties the drives of the device type (every drive without one), in the system's
 * own VirtualMedia and in every manager's. Returns whether anything was inserted.
 */
export async function ejectMedia(systems: RedfishSystems, node: Node, device?: VirtualMediaDevice): Promise<boolean> {
  const { info, system } = await systems.get(node);
  const { own, managers } = await vmediaCollections(systems, info, system);
  let found = false;
  for (const collection of own ? [own, ...managers] : managers) {
    if (await ejectFrom(systems, info, collection, device)) found = true;
  }
  return found;
}

/** One drive as Ironic's get_vmedia lists it (API 1.93). */
export interface MediaDrive {
  media_types: string[];
  inserted: boolean | null;
  image: string | null;
}

/**
 * Ironic's get_vmedia: every drive of the system's own VirtualMedia, else of each of its managers', with its
 * media types and what is inserted.
 */
export async function listMedia(systems: RedfishSystems, node: Node): Promise<MediaDrive[]> {
  const { info, system } = await systems.get(node);
  const { own, managers } = await vmediaCollections(systems, info, system);
  const found: MediaDrive[] = [];
  for (const collection of own ? [own] : managers) {
    for (const { doc } of await drives(systems, info, collection)) {
      const types = Array.isArray(doc.MediaTypes) ? doc.MediaTypes.filter((t): t is string => typeof t === 'string') : [];
      found.push({ media_types: types, inserted: typeof doc.Inserted === 'boolean' ? doc.Inserted : null, image: typeof doc.Image === 'string' ? doc.Image : null });
    }
  }
  return found;
}

/**
 * Ironic's _detect_supported_transport_protocols: what the device's drives list for InsertMedia's
 * TransferProtocolType (or as their own), always with HTTP.
 */
export async function supportedTransferProtocols(systems: RedfishSystems, node: Node, device: VirtualMediaDevice): Promise<string[]> {
  const { info, system } = await systems.get(node);
  const { own, managers } = await vmediaCollections(systems, info, system);
  const collection = own ?? managers[0];
  const found = new Set(['HTTP']);
  for (const drive of collection ? await drives(systems, info, collection) : []) {
    if (!fits(drive, device)) continue;
    const listed = [at(drive.doc, 'Actions', '#VirtualMedia.InsertMedia', 'TransferProtocolType@Redfish.AllowableValues'), drive.doc.TransferProtocolType].flat();
    for (const p of listed) if (typeof p === 'string' && p) found.add(p.toUpperCase());
  }
  return [...found].sort();
}
