import { probeImage } from './image-probe';
import type { MockupStore } from './mockup-store';
import { redfishError } from './redfish-errors';
import type { EmulatorEvents } from './system-state';
import { parseObject } from './json-object';

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type VirtualMediaEvent = EmulatorEvents['vmedia'][0];

/** One virtual drive of one system, as the BMC remembers it. */
export interface MediaSlot {
  image: string | null;
  inserted: boolean;
  writeProtected: boolean;
  transferProtocolType: string | null;
  userName: string | null;
  /** Write-only in Redfish: kept to reach the image, never shown. */
  password: string | null;
  verifyCertificate: boolean;
}

/** The image is fetched by the emulator itself, over HTTP(S) only (as sushy-tools). */
const TRANSFER_PROTOCOLS = ['HTTP', 'HTTPS'];
const INSERT_PARAMETERS = ['Image', 'Inserted', 'WriteProtected', 'UserName', 'Password', 'TransferProtocolType', 'TransferMethod'];
const WRITABLE = ['Image', 'Inserted', 'WriteProtected', 'UserName', 'Password', 'TransferProtocolType', 'VerifyCertificate'];
const READ_ONLY = ['@odata.id', '@odata.type', 'Id', 'Name', 'MediaTypes', 'ConnectedVia', 'ImageName', 'Certificates', 'Actions'];
const MEMBER = /^\/VirtualMedia\/([^/]+)(?:\/Actions\/VirtualMedia\.(InsertMedia|EjectMedia))?$/;

const malformed = () => redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
const isHttpUrl = (v: string) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v);
const empty = (): MediaSlot => ({ image: null, inserted: false, writeProtected: true, transferProtocolType: null, userName: null, password: null, verifyCertificate: false });

/**
 * Virtual media of every system behind the emulator (DSP0266 VirtualMedia, as the mockup places it: under
 * the ComputerSystem, which is where Ironic looks first). Each system has its own drives, so clones of one
 * mockup mount different ISOs. InsertMedia and EjectMedia actions, and a PATCH of Image/Inserted for
 * clients that fall back to it (sushy does when a drive lists no actions but allows PATCH). An image is
 * checked to answer before it is taken. Drives start empty: the mockup's mounted images are examples on
 * dmtf.org, not media a lab could attach.
 */
export class VirtualMedia {
  private readonly slots = new Map<string, MediaSlot>();

  constructor(
    /** Ids of the mockup system's VirtualMedia members (CD1, Floppy1…); every system has one of each. */
    readonly devices: string[],
    private readonly emit: (event: VirtualMediaEvent) => void,
    private readonly probeTimeoutMs = 10_000,
  ) {}

  /** The ids of the members of the mockup system's VirtualMedia collection (none when it has none). */
  static devicesOf(store: MockupStore, systemPath: string): string[] {
    const collection = JSON.parse(store.text(`${systemPath}/VirtualMedia`) ?? '{}') as Json;
    const members = Array.isArray(collection.Members) ? (collection.Members as Json[]) : [];
    return members.map((m) => m['@odata.id']).filter((id): id is string => typeof id === 'string').map((id) => id.split('/').pop() ?? '').filter(Boolean);
  }

  /** One system's drive, as a lab may read it (undefined: the mockup has no such drive). */
  slot(system: string, device: string): MediaSlot | undefined {
    if (!this.devices.includes(device)) return undefined;
    const key = `${system}/${device}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = empty()));
    return slot;
  }

  /**
   * A request under a system's VirtualMedia; undefined when not a drive or one of its actions (the collection
   * and certificates are the mockup's documents, served as they are). `doc` reads the system's rewritten mockup.
   */
  route(system: string, method: string, rest: string, raw: string, doc: (sub: string) => string | undefined): Reply | Promise<Reply> | undefined {
    const match = MEMBER.exec(rest);
    if (!match) return undefined;
    const device = decodeURIComponent(match[1]);
    const text = doc(`/VirtualMedia/${match[1]}`);
    const slot = this.slot(system, device);
    if (!slot || text === undefined) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI /redfish/v1/Systems/${system}${rest} was not found.`);
    const member = JSON.parse(text) as Json;
    const changed = (before: string | null) => this.changed(system, device, member, slot, before);
    if (match[2]) {
      if (method !== 'POST') return redfishError(405, 'OperationNotAllowed', 'The HTTP method is not allowed on this action.');
      return match[2] === 'InsertMedia' ? this.insert(slot, raw, changed) : this.eject(slot, raw, changed);
    }
    if (method === 'GET') return { status: 200, body: this.memberDoc(member, slot), headers: { Allow: 'GET, PATCH' } };
    if (method === 'PATCH') return this.patch(slot, raw, changed);
    return redfishError(405, 'OperationNotAllowed', `The HTTP method ${method} is not allowed on /redfish/v1/Systems/${system}${rest}.`);
  }

  private memberDoc(member: Json, slot: MediaSlot): Json {
    const path = String(member['@odata.id']);
    const mounted = slot.inserted && slot.image !== null;
    return {
      ...member,
      Image: slot.image,
      ImageName: slot.image ? decodeURIComponent(new URL(slot.image).pathname.split('/').pop() ?? '') || null : null,
      Inserted: slot.inserted,
      WriteProtected: slot.writeProtected,
      ConnectedVia: mounted ? 'URI' : 'NotConnected',
      TransferProtocolType: slot.transferProtocolType,
      UserName: slot.userName,
      Password: null,
      VerifyCertificate: slot.verifyCertificate,
      Actions: {
        '#VirtualMedia.InsertMedia': { target: `${path}/Actions/VirtualMedia.InsertMedia`, 'TransferProtocolType@Redfish.AllowableValues': TRANSFER_PROTOCOLS },
        '#VirtualMedia.EjectMedia': { target: `${path}/Actions/VirtualMedia.EjectMedia` },
      },
    };
  }

  /** POST …/Actions/VirtualMedia.InsertMedia: the image must answer; Inserted and WriteProtected default to true. */
  private async insert(slot: MediaSlot, raw: string, changed: (before: string | null) => void): Promise<Reply> {
    const body = parseObject(raw);
    if (!body) return malformed();
    const action = 'VirtualMedia.InsertMedia';
    const unknown = Object.keys(body).find((k) => !INSERT_PARAMETERS.includes(k));
    if (unknown) return redfishError(400, 'ActionParameterUnknown', `The action ${action} was submitted with the invalid parameter ${unknown}.`);
    const { Image: image, Inserted: inserted = true, WriteProtected: writeProtected = true, UserName: user, Password: password, TransferProtocolType: protocol } = body;
    if (image === undefined) return redfishError(400, 'ActionParameterMissing', `The action ${action} requires the parameter Image to be present in the request body.`);
    if (typeof image !== 'string' || !isHttpUrl(image)) {
      return redfishError(400, 'ActionParameterValueFormatError', `The value ${JSON.stringify(image)} for the parameter Image in the action ${action} is of a different format than the parameter can accept.`);
    }
    for (const [name, value] of [['Inserted', inserted], ['WriteProtected', writeProtected]] as const) {
      if (typeof value !== 'boolean') return redfishError(400, 'ActionParameterValueTypeError', `The value ${JSON.stringify(value)} for the parameter ${name} in the action ${action} is of a different type than the parameter can accept.`);
    }
    if (protocol !== undefined && (typeof protocol !== 'string' || !TRANSFER_PROTOCOLS.includes(protocol))) {
      return redfishError(400, 'ActionParameterValueNotInList', `The value ${JSON.stringify(protocol)} for the parameter TransferProtocolType in the action ${action} is not in the list of acceptable values.`);
    }
    // sushy-tools: "UserName and Password must be passed together".
    if (Boolean(user) !== Boolean(password)) {
      return redfishError(400, 'ActionParameterMissing', `The action ${action} requires the parameter ${user ? 'Password' : 'UserName'} to be present in the request body.`);
    }
    const refused = await this.reach(image, user, password);
    if (refused) return refused;
    const before = this.mounted(slot);
    Object.assign(slot, {
      image,
      inserted,
      writeProtected,
      transferProtocolType: typeof protocol === 'string' ? protocol : null,
      userName: typeof user === 'string' && user ? user : null,
      password: typeof password === 'string' && password ? password : null,
    });
    changed(before);
    return { status: 204 };
  }

  /** POST …/Actions/VirtualMedia.EjectMedia: no parameters (an empty object, as HPE iLO wants it, is fine too). */
  private eject(slot: MediaSlot, raw: string, changed: (before: string | null) => void): Reply {
    const body = parseObject(raw);
    if (!body) return malformed();
    const unknown = Object.keys(body)[0];
    if (unknown) return redfishError(400, 'ActionParameterUnknown', `The action VirtualMedia.EjectMedia was submitted with the invalid parameter ${unknown}.`);
    const before = this.mounted(slot);
    Object.assign(slot, { image: null, inserted: false, transferProtocolType: null, userName: null, password: null });
    changed(before);
    return { status: 204 };
  }

  /** PATCH of the drive: Image (null ejects) and Inserted, as sushy sends them when a drive has no actions. */
  private async patch(slot: MediaSlot, raw: string, changed: (before: string | null) => void): Promise<Reply> {
    const body = parseObject(raw);
    if (!body) return malformed();
    for (const [key, value] of Object.entries(body)) {
      if (READ_ONLY.includes(key)) return redfishError(400, 'PropertyNotWritable', `The property ${key} is a read only property and cannot be assigned a value.`);
      if (!WRITABLE.includes(key)) return redfishError(400, 'PropertyUnknown', `The property ${key} is not in the list of valid properties for the resource.`);
      const ok =
        key === 'Image' ? value === null || (typeof value === 'string' && isHttpUrl(value))
        : key === 'TransferProtocolType' ? value === null || (typeof value === 'string' && TRANSFER_PROTOCOLS.includes(value))
        : key === 'UserName' || key === 'Password' ? value === null || typeof value === 'string'
        : typeof value === 'boolean';
      if (!ok) return redfishError(400, 'PropertyValueFormatError', `The value ${JSON.stringify(value)} for the property ${key} is of a different format than the property can accept.`);
    }
    const next: MediaSlot = { ...slot };
    if ('Image' in body) next.image = body.Image as string | null;
    // An Image alone mounts it (or, null, ejects it): some BMCs take the PATCH without Inserted.
    if ('Inserted' in body) next.inserted = body.Inserted as boolean;
    else if ('Image' in body) next.inserted = next.image !== null;
    if (next.inserted && next.image === null) {
      return redfishError(400, 'PropertyValueConflict', 'The property Inserted could not be written because its value would conflict with the value of the Image property.');
    }
    if ('WriteProtected' in body) next.writeProtected = body.WriteProtected as boolean;
    if ('VerifyCertificate' in body) next.verifyCertificate = body.VerifyCertificate as boolean;
    if ('TransferProtocolType' in body) next.transferProtocolType = body.TransferProtocolType as string | null;
    if ('UserName' in body) next.userName = (body.UserName as string | null) || null;
    if ('Password' in body) next.password = (body.Password as string | null) || null;
    if (next.image && next.inserted && (next.image !== slot.image || !slot.inserted)) {
      const refused = await this.reach(next.image, next.userName, next.password);
      if (refused) return refused;
    }
    const before = this.mounted(slot);
    Object.assign(slot, next);
    changed(before);
    return { status: 204 };
  }

  /** The Redfish error to answer when the image does not answer, with sushy-tools' status codes; undefined: it answers. */
  private async reach(image: string, user: unknown, password: unknown): Promise<Reply | undefined> {
    const credentials = typeof user === 'string' && user && typeof password === 'string' ? { user, password } : undefined;
    const probe = await probeImage(image, credentials, this.probeTimeoutMs);
    if (probe.ok) return undefined;
    if (probe.status === undefined) return redfishError(500, 'CouldNotEstablishConnection', `The service failed to establish a connection with the URI ${image}. ${probe.error}`);
    return redfishError(probe.status >= 500 ? 502 : 400, 'GeneralError', probe.error);
  }

  private mounted(slot: MediaSlot): string | null {
    return slot.inserted ? slot.image : null;
  }

  /** Tells the lab when what the machine sees in the drive changed. */
  private changed(system: string, device: string, member: Json, slot: MediaSlot, before: string | null): void {
    const image = this.mounted(slot);
    if (image === before) return;
    const mediaTypes = Array.isArray(member.MediaTypes) ? member.MediaTypes.map(String) : [];
    this.emit({ system, device, image, mediaTypes, writeProtected: slot.writeProtected });
  }
}
