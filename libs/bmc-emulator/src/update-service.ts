import { describeImage, imageRefusal, imageUrl } from './firmware-image';
import { FirmwareTask, TASKS } from './firmware-task';
import { MockupStore } from './mockup-store';
import { redfishError } from './redfish-errors';

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export interface UpdateServiceOptions {
  store: MockupStore;
  /** The mockup's ComputerSystem the served systems are cloned from (its ManagedBy names the BMC they share). */
  templatePath: string;
  systemIds: () => string[];
  /** A SimpleUpdate's task completes (and the new version shows) this long after it is accepted. */
  delayMs: number;
  /** How long the image URL may take to answer before the update is refused. */
  probeTimeoutMs?: number;
}

const SERVICE = '/redfish/v1/UpdateService';
const ACTION = 'UpdateService.SimpleUpdate';
const PARAMETERS = ['ImageURI', 'Targets', 'TransferProtocol', 'Username', 'Password', '@Redfish.OperationApplyTime'];
/** DSP8010 TransferProtocolType, when the mockup's ActionInfo does not narrow it. */
const PROTOCOLS = ['CIFS', 'FTP', 'SFTP', 'HTTP', 'HTTPS', 'NSF', 'SCP', 'TFTP', 'OEM', 'NFS'];
const MALFORMED = () => redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');

const parse = (text: string | undefined): Json => JSON.parse(text ?? '{}') as Json;
const at = (doc: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), doc);
/** The first RelatedItem of a FirmwareInventory item: the resource its firmware runs on. */
const relatedItem = (doc: Json): string => {
  const link = at(doc, 'RelatedItem', '0', '@odata.id');
  return typeof link === 'string' ? MockupStore.normalize(link) : '';
};

/**
 * The BMC's UpdateService: `#UpdateService.SimpleUpdate` fetches the image (refusing a URL that does not
 * answer), answers 202 with a task monitor, and when the task completes the new version shows where Ironic
 * reads it: a BIOS image in the targeted system's `BiosVersion` (each system keeps its own), a BMC image in
 * the manager's `FirmwareVersion` (shared by the systems, as their one BMC is). Which one an image is: a
 * Target naming the manager or a FirmwareInventory item decides; otherwise its file name (`bmc…` is the BMC's).
 */
export class UpdateService {
  private readonly tasks = new Map<string, FirmwareTask>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly biosVersions = new Map<string, string>();
  private readonly managerVersions = new Map<string, string>();
  private readonly managerPath?: string;
  private readonly action?: string;
  private readonly protocols: string[];
  private nextId = 1;

  constructor(private readonly options: UpdateServiceOptions) {
    const manager = at(parse(options.store.text(options.templatePath)), 'Links', 'ManagedBy', '0', '@odata.id');
    this.managerPath = typeof manager === 'string' ? MockupStore.normalize(manager) : undefined;
    const simpleUpdate = at(parse(options.store.text(SERVICE)), 'Actions', `#${ACTION}`) as Json | undefined;
    this.action = typeof simpleUpdate?.target === 'string' ? MockupStore.normalize(simpleUpdate.target) : undefined;
    const actionInfo = typeof simpleUpdate?.['@Redfish.ActionInfo'] === 'string' ? parse(options.store.text(simpleUpdate['@Redfish.ActionInfo'])) : {};
    const parameters = Array.isArray(actionInfo.Parameters) ? (actionInfo.Parameters as Json[]) : [];
    const allowed = parameters.find((p) => p.Name === 'TransferProtocol')?.AllowableValues ?? simpleUpdate?.['TransferProtocol@Redfish.AllowableValues'];
    this.protocols = Array.isArray(allowed) ? (allowed as string[]) : PROTOCOLS;
  }

  /** The reply for an UpdateService, TaskService or manager request; undefined when the path is not one of those handled here. */
  route(method: string, path: string, raw: string): Reply | Promise<Reply> | undefined {
    if (this.action && path === this.action) {
      return method === 'POST' ? this.simpleUpdate(raw) : redfishError(405, 'OperationNotAllowed', 'The HTTP method is not allowed on this action.');
    }
    if (method !== 'GET') return undefined;
    if (path === this.managerPath) {
      const version = this.managerVersions.get(path);
      const doc = this.options.store.text(path);
      return doc === undefined ? undefined : { status: 200, body: { ...parse(doc), ...(version !== undefined && { FirmwareVersion: version }) } };
    }
    if (path.startsWith(`${SERVICE}/FirmwareInventory/`)) return this.inventoryItem(path);
    if (path === TASKS) return { status: 200, body: this.taskCollection() };
    const match = /^\/redfish\/v1\/TaskService\/Tasks\/([^/]+)(\/Monitor)?$/.exec(path);
    const task = match && this.tasks.get(decodeURIComponent(match[1]));
    if (!task) return undefined;
    if (!match[2]) return { status: 200, body: task.doc() };
    return task.state === 'Running' ? { status: 202, body: task.doc(), headers: { Location: task.monitor } } : { status: 204 };
  }

  /** What a system's resource shows beyond the mockup: the BIOS version last flashed. */
  systemOverrides(systemId: string): Json {
    const version = this.biosVersions.get(systemId);
    return version === undefined ? {} : { BiosVersion: version };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async simpleUpdate(raw: string): Promise<Reply> {
    let body: unknown;
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return MALFORMED();
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return MALFORMED();
    const args = body as Json;
    const unknown = Object.keys(args).find((k) => !PARAMETERS.includes(k));
    if (unknown) return redfishError(400, 'ActionParameterUnknown', `The action ${ACTION} was submitted with the invalid parameter ${unknown}.`);
    const typeError = (name: string) =>
      redfishError(400, 'ActionParameterValueTypeError', `The value ${JSON.stringify(args[name])} for the parameter ${name} in the action ${ACTION} is of a different type than the parameter can accept.`);
    if (args.ImageURI === undefined) return redfishError(400, 'ActionParameterMissing', `The action ${ACTION} requires the parameter ImageURI to be present in the request body.`);
    if (typeof args.ImageURI !== 'string') return typeError('ImageURI');
    const protocol = args.TransferProtocol;
    if (protocol !== undefined && (typeof protocol !== 'string' || !this.protocols.includes(protocol))) {
      return redfishError(400, 'ActionParameterValueNotInList', `The value ${JSON.stringify(protocol)} for the parameter TransferProtocol in the action ${ACTION} is not in the list of acceptable values.`);
    }
    if (args.Targets !== undefined && !(Array.isArray(args.Targets) && args.Targets.every((t) => typeof t === 'string'))) return typeError('Targets');
    const image = imageUrl(args.ImageURI, protocol);
    if (!image) return redfishError(400, 'ActionParameterValueFormatError', `The value ${JSON.stringify(args.ImageURI)} for the parameter ImageURI in the action ${ACTION} is of a different format than the parameter can accept.`);
    const what = this.resolveTargets(args.Targets ?? [], describeImage(image).bmc);
    if ('status' in what) return what;
    const refused = await imageRefusal(image, this.options.probeTimeoutMs ?? 10_000);
    if (refused) return refused;
    return this.start(what, image);
  }

  /** Which device the image flashes: the manager, or the BIOS of the systems targeted (the only system when none is). */
  private resolveTargets(targets: string[], bmcImage: boolean): { manager: string } | { systems: string[] } | Reply {
    const systems: string[] = [];
    let manager: string | undefined;
    let explicit = false;
    const ids = this.options.systemIds();
    for (const target of targets.map((t) => MockupStore.normalize(t))) {
      const id = /^\/redfish\/v1\/Systems\/([^/]+)$/.exec(target)?.[1] ?? target;
      if (ids.includes(id)) systems.push(id);
      else if (target === this.managerPath) [manager, explicit] = [target, true];
      else if (target.startsWith(`${SERVICE}/FirmwareInventory/`) && this.options.store.text(target)) {
        const related = relatedItem(parse(this.options.store.text(target)));
        explicit = true;
        if (related === this.managerPath) manager = related;
        else systems.push(/^\/redfish\/v1\/Systems\/([^/]+)$/.exec(related)?.[1] ?? ids[0]);
      } else {
        return redfishError(400, 'ActionParameterValueNotInList', `The value ${JSON.stringify(target)} for the parameter Targets in the action ${ACTION} is not in the list of acceptable values.`);
      }
    }
    if (manager || (!explicit && bmcImage && this.managerPath)) return { manager: manager ?? this.managerPath! };
    if (systems.length) return { systems };
    if (ids.length === 1) return { systems: ids };
    // One BMC in front of several systems cannot guess whose BIOS an image is for.
    return redfishError(400, 'ActionParameterMissing', `The action ${ACTION} requires the parameter Targets to be present in the request body.`);
  }

  private start(what: { manager: string } | { systems: string[] }, image: URL): Reply {
    const { version } = describeImage(image);
    const device = 'manager' in what ? what.manager : what.systems.map((id) => `/redfish/v1/Systems/${id}`).join(', ');
    const task = new FirmwareTask(String(this.nextId++), device, image.href);
    this.tasks.set(task.id, task);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if ('manager' in what) this.managerVersions.set(what.manager, version);
      else for (const id of what.systems) this.biosVersions.set(id, version);
      task.complete();
    }, this.options.delayMs);
    this.timers.add(timer);
    // The body's @odata.id is the Task; sushy takes it over the Location (the monitor) as the URI to poll.
    return { status: 202, body: task.doc(), headers: { Location: task.monitor } };
  }

  private inventoryItem(path: string): Reply | undefined {
    const text = this.options.store.text(path);
    if (text === undefined) return undefined;
    const doc = parse(text);
    const related = relatedItem(doc);
    const systemId = /^\/redfish\/v1\/Systems\/([^/]+)$/.exec(related)?.[1];
    const version = related === this.managerPath ? this.managerVersions.get(related) : systemId && this.biosVersions.get(systemId);
    return { status: 200, body: version ? { ...doc, Version: version } : doc };
  }

  private taskCollection(): Json {
    const base = parse(this.options.store.text(TASKS));
    const members = [...((base.Members as Json[] | undefined) ?? []), ...[...this.tasks.values()].map((t) => ({ '@odata.id': t.uri }))];
    return { '@odata.id': TASKS, '@odata.type': '#TaskCollection.TaskCollection', Name: 'Task Collection', ...base, Members: members, 'Members@odata.count': members.length };
  }
}
