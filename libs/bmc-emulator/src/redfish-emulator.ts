import { EventEmitter } from 'node:events';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BiosState } from './bios-state';
import { EventService } from './event-service';
import { MockupStore } from './mockup-store';
import { redfishError } from './redfish-errors';
import { EmulatorEvents, RESET_EFFECT, SystemState } from './system-state';
import { VirtualMedia } from './virtual-media';
import { UpdateService } from './update-service';
import { parseObject } from './json-object';

export interface RedfishEmulatorOptions {
  /** A DMTF mockup directory in short form (e.g. ../shared/testbeds/redfish-mockups/public-rackmount1). */
  mockupDir: string;
  /** How many ComputerSystems to serve, all cloned from the mockup's first one (each with its own MACs and UUID). */
  systems?: number;
  host?: string;
  /** 0: any free port. */
  port?: number;
  username?: string;
  password?: string;
  /** A Reset takes effect this long after it is accepted (PowerState keeps its old value meanwhile). */
  powerDelayMs?: number;
  /** A SimpleUpdate's task completes, and the new firmware version shows, this long after it is accepted. */
  firmwareUpdateDelayMs?: number;
}

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const SESSIONS = '/redfish/v1/SessionService/Sessions';
const PUBLIC = new Set(['/redfish', '/redfish/v1', '/redfish/v1/odata', '/redfish/v1/$metadata']);
const ENABLED_VALUES = ['Disabled', 'Once', 'Continuous'];
const MODE_VALUES = ['Legacy', 'UEFI'];
const LED_VALUES = ['Lit', 'Blinking', 'Off'];
const MAC = /\b([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}\b/g;

const hex = (n: number) => n.toString(16).padStart(2, '0');
const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);

/**
 * A Redfish BMC emulator: DMTF mockup data plus the state a BMC keeps. Many systems on one port (a
 * rack behind one endpoint, or one per node in a lab), Reset that changes PowerState (optionally
 * after a delay), a boot override PATCH checked against AllowableValues that sticks (a Once override
 * is used up by the next boot), event subscriptions, basic auth and sessions. Emits 'power', 'boot',
 * 'boot-override' and 'nmi' so a virtual lab can attach machines to systems.
 */
export class RedfishEmulator extends EventEmitter<EmulatorEvents> {
  private readonly store: MockupStore;
  private readonly states = new Map<string, SystemState>();
  private readonly sessions = new Map<string, { id: string; user: string }>();
  private readonly templateId: string;
  private readonly templatePath: string;
  private readonly allowedTargets: string[];
  private readonly allowedResets: string[];
  /** Every system's virtual drives (a lab reads what is mounted here, or listens to 'vmedia'). */
  readonly virtualMedia: VirtualMedia;
  /** Firmware updates (UpdateService.SimpleUpdate), their tasks, and the versions they flashed. */
  readonly updates: UpdateService;
  /** Event subscriptions (EventService), one set for the whole BMC. */
  readonly events: EventService;
  private server?: Server;
  readonly username: string;
  private readonly password: string;
  /** Requests served, by method (benchmarks report it). */
  readonly served: Record<string, number> = {};
  /** Systems whose BMC takes requests and never answers them (a lab's failure injection). */
  private readonly unresponsive = new Set<string>();

  constructor(private readonly options: RedfishEmulatorOptions) {
    super();
    this.store = new MockupStore(options.mockupDir);
    this.username = options.username ?? 'admin';
    this.password = options.password ?? 'password';
    const collection = JSON.parse(this.store.text('/redfish/v1/Systems') ?? '{}') as Json;
    const first = (collection.Members as Json[] | undefined)?.[0]?.['@odata.id'];
    if (typeof first !== 'string') throw new Error(`${options.mockupDir} has no ComputerSystem`);
    this.templatePath = MockupStore.normalize(first);
    this.virtualMedia = new VirtualMedia(VirtualMedia.devicesOf(this.store, this.templatePath), (e) => this.emit('vmedia', e));
    this.events = new EventService(this.store);
    this.updates = new UpdateService({ store: this.store, templatePath: this.templatePath, systemIds: () => this.systemIds, delayMs: options.firmwareUpdateDelayMs ?? 0 });
    const template = JSON.parse(this.store.text(this.templatePath)!) as Json;
    this.templateId = String(template.Id);
    const boot = (template.Boot ?? {}) as Json;
    this.allowedTargets = (boot['BootSourceOverrideTarget@Redfish.AllowableValues'] as string[] | undefined) ?? ['None', 'Pxe', 'Hdd', 'Cd', 'BiosSetup'];
    const reset = ((template.Actions as Json | undefined)?.['#ComputerSystem.Reset'] ?? {}) as Json;
    this.allowedResets = (reset['ResetType@Redfish.AllowableValues'] as string[] | undefined) ?? Object.keys(RESET_EFFECT);
    const secureBootDefault = (JSON.parse(this.store.text(`${this.templatePath}/SecureBoot`) ?? '{}') as Json).SecureBootEnable === true;
    const biosDoc = JSON.parse(this.store.text(`${this.templatePath}/Bios`) ?? '{}') as Json;
    const biosDefaults = biosDoc.Attributes as ConstructorParameters<typeof BiosState>[0] | undefined;
    const count = options.systems ?? 1;
    for (let i = 0; i < count; i++) {
      const id = this.systemId(i);
      this.states.set(id, {
        id,
        pending: new Set(),
        ...(biosDefaults && { bios: new BiosState(biosDefaults) }),
        indicatorLed: str(template.IndicatorLED, 'Off'),
        ...(this.store.text(`${this.templatePath}/SecureBoot`) && { secureBoot: { enabled: secureBootDefault } }),
        powerState: template.PowerState === 'Off' ? 'Off' : 'On',
        boot: {
          BootSourceOverrideTarget: str(boot.BootSourceOverrideTarget, 'None'),
          BootSourceOverrideEnabled: str(boot.BootSourceOverrideEnabled, 'Disabled'),
          BootSourceOverrideMode: str(boot.BootSourceOverrideMode, 'UEFI'),
        },
      });
    }
  }

  /** The id of the i-th system: the mockup's own id first, then `<id>-0001`, `<id>-0002`… */
  systemId(i: number): string {
    return i === 0 ? this.templateId : `${this.templateId}-${String(i).padStart(4, '0')}`;
  }

  get systemIds(): string[] {
    return [...this.states.keys()];
  }

  /** One system's state (a lab may read it, or change it as the machine would, e.g. powering itself off). */
  system(id: string): SystemState | undefined {
    return this.states.get(id);
  }

  /** Sets a system's Status.Health (OK, Warning, Critical), as a failing fan or DIMM would. */
  setHealth(id: string, health: 'OK' | 'Warning' | 'Critical'): void {
    const state = this.states.get(id);
    if (!state) throw new Error(`no system ${id}`);
    state.health = health;
  }

  /** Powers a system on or off now, as the machine itself would (an OS shutdown), emitting 'power'. */
  setPower(id: string, to: 'On' | 'Off', reason = 'External'): void {
    const state = this.states.get(id);
    if (!state) throw new Error(`no system ${id}`);
    this.applyPower(state, to, reason);
  }

  /**
   * A BMC that hangs: requests for this system's resources are read and never answered, so a client
   * waits for its own timeout, as with a BMC whose web server has locked up.
   */
  setUnresponsive(id: string, hanging: boolean): void {
    if (!this.states.has(id)) throw new Error(`no system ${id}`);
    if (hanging) this.unresponsive.add(id);
    else this.unresponsive.delete(id);
  }

  /** The MAC addresses of a system's NICs, as its EthernetInterfaces show them (the BMC's own link left out). */
  nicMacs(id: string): string[] {
    const state = this.states.get(id);
    if (!state) throw new Error(`no system ${id}`);
    const collection = JSON.parse(this.systemDoc(state, '/EthernetInterfaces') ?? '{}') as Json;
    const macs = new Set<string>();
    for (const member of (collection.Members as Json[] | undefined) ?? []) {
      const rest = MockupStore.normalize(String(member['@odata.id'])).slice(`/redfish/v1/Systems/${id}`.length);
      if (/ToManager$/i.test(rest)) continue;
      const mac = (JSON.parse(this.systemDoc(state, rest) ?? '{}') as Json).MACAddress;
      if (typeof mac === 'string') macs.add(mac.toLowerCase());
    }
    return [...macs];
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('emulator not listening');
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  async close(): Promise<void> {
    for (const s of this.states.values()) for (const t of s.pending) clearTimeout(t);
    this.updates.close();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = MockupStore.normalize(new URL(req.url ?? '/', 'http://bmc').pathname);
      const method = req.method ?? 'GET';
      const system = /^\/redfish\/v1\/Systems\/([^/]+)/.exec(path)?.[1];
      if (system !== undefined && this.unresponsive.has(decodeURIComponent(system))) return;
      this.served[method] = (this.served[method] ?? 0) + 1;
      reply = await this.route(method, path, raw, req);
    } catch (err) {
      reply = redfishError(500, 'InternalError', `The request failed due to an internal service error: ${err instanceof Error ? err.message : String(err)}`);
    }
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'OData-Version': '4.0', ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
    res.end(body);
  }

  /** A Promise only where the emulator must wait on something else (a virtual media image answering). */
  private route(method: string, path: string, raw: string, req: IncomingMessage): Reply | Promise<Reply> {
    if (method === 'POST' && path === SESSIONS) return this.login(raw);
    if (!(method === 'GET' && PUBLIC.has(path))) {
      const denied = this.authenticate(req);
      if (denied) return denied;
    }
    const session = path.startsWith(`${SESSIONS}/`) ? path.slice(SESSIONS.length + 1) : undefined;
    if (session && method === 'DELETE') return this.sessions.delete(session) ? { status: 204 } : redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
    const systemMatch = /^\/redfish\/v1\/Systems\/([^/]+)(\/.*)?$/.exec(path);
    const state = systemMatch ? this.states.get(decodeURIComponent(systemMatch[1])) : undefined;
    if (systemMatch && !state) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
    if (state && systemMatch?.[2] === '/Actions/ComputerSystem.Reset') {
      return method === 'POST' ? this.reset(state, raw) : redfishError(405, 'OperationNotAllowed', 'The HTTP method is not allowed on this action.');
    }
    if (state && !systemMatch?.[2] && method === 'PATCH') return this.patchSystem(state, raw);
    if (state?.secureBoot && systemMatch?.[2]?.startsWith('/SecureBoot')) {
      const secureBoot = this.secureBootRoute(state, state.secureBoot, method, systemMatch[2], raw);
      if (secureBoot) return secureBoot;
    }
    const update = this.updates.route(method, path, raw);
    if (update) return update;
    const events = this.events.route(method, path, raw);
    if (events) return events;
    const chassis = /^\/redfish\/v1\/Chassis\/([^/]+)$/.exec(path);
    if (chassis && method === 'PATCH') return this.patchChassis(path, raw);
    if (state?.bios && systemMatch?.[2]?.startsWith('/Bios')) {
      const bios = this.biosRoute(state, state.bios, method, systemMatch[2], raw);
      if (bios) return bios;
    }
    if (state && systemMatch?.[2]?.startsWith('/VirtualMedia/')) {
      const vmedia = this.virtualMedia.route(state.id, method, systemMatch[2], raw, (sub) => this.systemDoc(state, sub));
      if (vmedia) return vmedia;
    }
    if (method !== 'GET') return redfishError(405, 'OperationNotAllowed', `The HTTP method ${method} is not allowed on ${path}.`);
    if (path === '/redfish') return { status: 200, body: { v1: '/redfish/v1/' } };
    if (path === '/redfish/v1/Systems') return { status: 200, body: this.systemsCollection() };
    if (path === SESSIONS) return { status: 200, body: this.sessionsCollection() };
    if (session) {
      const s = this.sessions.get(session);
      return s ? { status: 200, body: this.sessionDoc(s) } : redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
    }
    const doc = state ? this.systemDoc(state, systemMatch![2] ?? '') : this.store.text(path);
    if (doc === undefined) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
    const body = JSON.parse(doc) as Json;
    if (path === '/redfish/v1') this.events.linkFrom(body);
    if (state && !systemMatch![2]) Object.assign(body, { PowerState: state.powerState, IndicatorLED: state.indicatorLed, Boot: { ...(body.Boot as Json), ...state.boot }, ...this.updates.systemOverrides(state.id) });
    if (state?.health && !systemMatch![2]) body.Status = { ...(body.Status as Json), Health: state.health };
    if (chassis && this.chassisLeds.has(path)) body.IndicatorLED = this.chassisLeds.get(path);
    return { status: 200, body };
  }

  /** A system's resource (or sub-resource) from the template, rewritten to the system's id, UUID and MACs. */
  private systemDoc(state: SystemState, rest: string): string | undefined {
    const text = this.store.text(`${this.templatePath}${rest}`);
    if (text === undefined || state.id === this.templateId) return text;
    const index = this.systemIds.indexOf(state.id);
    const uuid = createHash('sha1').update(state.id).digest('hex');
    return text
      .split(this.templateId)
      .join(state.id)
      .replace(/"UUID": "[0-9a-fA-F-]{36}"/, `"UUID": "${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}"`)
      .replace(MAC, (mac) => `02:${hex((index >> 16) & 255)}:${hex((index >> 8) & 255)}:${hex(index & 255)}:${mac.slice(12).toLowerCase()}`);
  }

  private systemsCollection(): Json {
    const base = JSON.parse(this.store.text('/redfish/v1/Systems')!) as Json;
    const members = this.systemIds.map((id) => ({ '@odata.id': `/redfish/v1/Systems/${id}` }));
    return { ...base, Members: members, 'Members@odata.count': members.length };
  }

  private authenticate(req: IncomingMessage): Reply | undefined {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string' && this.sessions.has(this.tokens.get(token) ?? '')) return undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [user, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      if (this.credentialsOk(user, rest.join(':'))) return undefined;
    }
    return { ...redfishError(401, 'InsufficientPrivilege', 'There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation.'), headers: { 'WWW-Authenticate': 'Basic realm="Redfish"' } };
  }

  private credentialsOk(user: string, password: string): boolean {
    const a = Buffer.from(`${user}\0${password}`);
    const b = Buffer.from(`${this.username}\0${this.password}`);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Session token → session id; deleting the session revokes its token. */
  private readonly tokens = new Map<string, string>();

  private login(raw: string): Reply {
    const body = parseObject(raw);
    if (!body) return redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
    if (!this.credentialsOk(str(body.UserName, ''), str(body.Password, ''))) {
      return redfishError(401, 'NoValidSession', 'There is no valid session established with the implementation.');
    }
    const id = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const token = randomBytes(24).toString('hex');
    const session = { id, user: this.username };
    this.sessions.set(id, session);
    this.tokens.set(token, id);
    return { status: 201, body: this.sessionDoc(session), headers: { 'X-Auth-Token': token, Location: `${SESSIONS}/${id}` } };
  }

  private sessionDoc(s: { id: string; user: string }): Json {
    return { '@odata.id': `${SESSIONS}/${s.id}`, '@odata.type': '#Session.v1_3_0.Session', Id: s.id, Name: `User Session ${s.id}`, UserName: s.user };
  }

  private sessionsCollection(): Json {
    const members = [...this.sessions.keys()].map((id) => ({ '@odata.id': `${SESSIONS}/${id}` }));
    return { '@odata.id': SESSIONS, '@odata.type': '#SessionCollection.SessionCollection', Name: 'Session Collection', Members: members, 'Members@odata.count': members.length };
  }

  private reset(state: SystemState, raw: string): Reply {
    const body = parseObject(raw);
    if (!body) return redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
    const resetType = body.ResetType;
    if (typeof resetType !== 'string') return redfishError(400, 'ActionParameterMissing', 'The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.');
    if (!this.allowedResets.includes(resetType) || !RESET_EFFECT[resetType]) {
      return redfishError(400, 'ActionParameterValueNotInList', `The value ${resetType} for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.`);
    }
    const apply = () => {
      if (resetType === 'Nmi') return void this.emit('nmi', { system: state.id });
      const effect = state.powerState === 'On' ? RESET_EFFECT[resetType].fromOn : RESET_EFFECT[resetType].fromOff;
      if (effect === 'restart') {
        this.applyPower(state, 'Off', resetType);
        this.applyPower(state, 'On', resetType);
      } else this.applyPower(state, effect, resetType);
    };
    if (this.options.powerDelayMs) {
      const timer = setTimeout(() => {
        state.pending.delete(timer);
        apply();
      }, this.options.powerDelayMs);
      state.pending.add(timer);
    } else apply();
    return { status: 204 };
  }

  /** IndicatorLED of each chassis that has been set, by path (the chassis are shared by the systems). */
  private readonly chassisLeds = new Map<string, string>();

  /** The SecureBoot resource (SecureBootEnable, PATCHable) and its ResetKeys action; undefined: not such a path. */
  private secureBootRoute(state: SystemState, secureBoot: NonNullable<SystemState['secureBoot']>, method: string, rest: string, raw: string): Reply | undefined {
    const body = parseObject(raw);
    if (rest === '/SecureBoot' && method === 'GET') {
      const doc = JSON.parse(this.systemDoc(state, '/SecureBoot') ?? '{}') as Json;
      const current = secureBoot.enabled && state.boot.BootSourceOverrideMode === 'UEFI' ? 'Enabled' : 'Disabled';
      return { status: 200, body: { ...doc, SecureBootEnable: secureBoot.enabled, SecureBootCurrentBoot: current } };
    }
    if (rest === '/SecureBoot' && method === 'PATCH') {
      if (!body) return redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
      for (const [key, value] of Object.entries(body)) {
        if (key !== 'SecureBootEnable') return redfishError(400, 'PropertyNotWritable', `The property ${key} is a read only property and cannot be assigned a value.`);
        if (typeof value !== 'boolean') return redfishError(400, 'PropertyValueTypeError', `The value ${JSON.stringify(value)} for the property SecureBootEnable is of a different type than the property can accept.`);
        secureBoot.enabled = value;
      }
      this.emit('secure-boot', { system: state.id, enabled: secureBoot.enabled });
      return { status: 204 };
    }
    if (rest === '/SecureBoot/Actions/SecureBoot.ResetKeys' && method === 'POST') {
      const type = body?.ResetKeysType;
      if (typeof type !== 'string' || !['ResetAllKeysToDefault', 'DeleteAllKeys', 'DeletePK'].includes(type)) {
        return redfishError(400, 'ActionParameterValueNotInList', `The value ${JSON.stringify(type)} for the parameter ResetKeysType in the action SecureBoot.ResetKeys is not in the list of acceptable values.`);
      }
      secureBoot.lastKeyReset = type;
      this.emit('secure-boot', { system: state.id, enabled: secureBoot.enabled, keyReset: type });
      return { status: 204 };
    }
    return undefined;
  }

  private patchChassis(path: string, raw: string): Reply {
    const doc = this.store.text(path);
    if (doc === undefined) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
    const body = parseObject(raw);
    if (!body) return redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
    for (const [key, value] of Object.entries(body)) {
      if (key !== 'IndicatorLED') return redfishError(400, 'PropertyNotWritable', `The property ${key} is a read only property and cannot be assigned a value.`);
      if (typeof value !== 'string' || !LED_VALUES.includes(value)) return redfishError(400, 'PropertyValueNotInList', `The value ${JSON.stringify(value)} for the property IndicatorLED is not in the list of acceptable values.`);
      this.chassisLeds.set(path, value);
      this.emit('indicator', { resource: path, led: value });
    }
    return { status: 204 };
  }

  /** The BIOS resource, its settings object and its ResetBios action; undefined: not a BIOS path. */
  private biosRoute(state: SystemState, bios: BiosState, method: string, rest: string, raw: string): Reply | undefined {
    const doc = (sub: string) => JSON.parse(this.systemDoc(state, sub) ?? '{}') as Json;
    const malformed = () => redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
    if (rest === '/Bios' && method === 'GET') return { status: 200, body: bios.currentDoc(doc('/Bios')) };
    if (rest === '/Bios/Settings' && method === 'GET') return { status: 200, body: bios.pendingDoc(doc('/Bios/Settings')) };
    if (rest === '/Bios/Settings' && method === 'PATCH') {
      const body = parseObject(raw);
      return body ? bios.patch(body) : malformed();
    }
    if (rest === '/Bios/Actions/Bios.ResetBios' && method === 'POST') return bios.reset();
    return undefined;
  }

  private applyPower(state: SystemState, to: 'On' | 'Off', resetType: string): void {
    const from = state.powerState;
    if (from === to) return;
    state.powerState = to;
    this.emit('power', { system: state.id, from, to, resetType });
    if (to === 'On') {
      if (state.bios?.boot()) this.emit('bios', { system: state.id, attributes: { ...state.bios.attributes } });
      const { BootSourceOverrideTarget: target, BootSourceOverrideEnabled: enabled, BootSourceOverrideMode: mode } = state.boot;
      const overridden = enabled !== 'Disabled' && target !== 'None';
      this.emit('boot', { system: state.id, device: overridden ? target : 'Hdd', mode, once: enabled === 'Once' });
      // A one-time override is used up by the boot it applied to (DSP2046 BootSourceOverrideEnabled "Once").
      if (enabled === 'Once') state.boot = { ...state.boot, BootSourceOverrideEnabled: 'Disabled' };
    }
  }

  private patchSystem(state: SystemState, raw: string): Reply {
    const body = parseObject(raw);
    if (!body) return redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
    for (const key of Object.keys(body)) {
      if (key === 'Boot' || key === 'IndicatorLED') continue;
      if (key === 'PowerState' || key === 'Id' || key === 'UUID') return redfishError(400, 'PropertyNotWritable', `The property ${key} is a read only property and cannot be assigned a value.`);
      return redfishError(400, 'PropertyUnknown', `The property ${key} is not in the list of valid properties for the resource.`);
    }
    if ('IndicatorLED' in body) {
      const led = body.IndicatorLED;
      if (typeof led !== 'string' || !LED_VALUES.includes(led)) return redfishError(400, 'PropertyValueNotInList', `The value ${JSON.stringify(led)} for the property IndicatorLED is not in the list of acceptable values.`);
      state.indicatorLed = led;
      this.emit('indicator', { resource: `/redfish/v1/Systems/${state.id}`, led });
      if (!('Boot' in body)) return { status: 204 };
    }
    const boot = body.Boot;
    if (!boot || typeof boot !== 'object' || Array.isArray(boot)) return redfishError(400, 'PropertyValueTypeError', 'The value for the property Boot is of a different type than the property can accept.');
    const next = { ...state.boot };
    const checks: [string, string[]][] = [
      ['BootSourceOverrideTarget', this.allowedTargets],
      ['BootSourceOverrideEnabled', ENABLED_VALUES],
      ['BootSourceOverrideMode', MODE_VALUES],
    ];
    for (const [key, value] of Object.entries(boot as Json)) {
      const allowed = checks.find(([k]) => k === key)?.[1];
      if (!allowed) return redfishError(400, 'PropertyUnknown', `The property ${key} is not in the list of valid properties for the resource.`);
      if (typeof value !== 'string' || !allowed.includes(value)) {
        return redfishError(400, 'PropertyValueNotInList', `The value ${JSON.stringify(value)} for the property ${key} is not in the list of acceptable values.`);
      }
      next[key as keyof SystemState['boot']] = value;
    }
    state.boot = next;
    this.emit('boot-override', { system: state.id, boot: { ...next } });
    const doc = JSON.parse(this.systemDoc(state, '')!) as Json;
    return { status: 200, body: { ...doc, PowerState: state.powerState, IndicatorLED: state.indicatorLed, Boot: { ...(doc.Boot as Json), ...next } } };
  }
}
