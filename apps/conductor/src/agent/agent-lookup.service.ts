import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { inventorySchema, type Dict, type Inventory, type NodeRecord } from '@ferrum/contracts';
import { AgentLookupRequest, DriverRegistry, LookupSource, LookupStrategy, fastTrackEnabled, lookupMacs } from '@ferrum/drivers';
import { IncompleteLookup, InvalidParameterValue, MACAlreadyExists, NodeLocked, NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { TaskManager } from '../locks/task-manager';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { hashAgentToken, newAgentToken } from './agent-token';
import { propertiesFromInventory } from './inventory-properties';
import { lookupInventorySchema } from './lookup-inventory';

/** States a node may be looked up in (Ironic's LOOKUP_ALLOWED_STATES), and the ones fast track adds (FASTTRACK_LOOKUP_ALLOWED_STATES). */
export const LOOKUP_ALLOWED_STATES = ['deploying', 'wait call-back', 'cleaning', 'clean wait', 'inspecting', 'inspect wait', 'rescuing', 'rescue wait', 'service wait'];
export const FAST_TRACK_STATES = ['enroll', 'manageable', 'available'];

export interface LookupReply {
  node: { uuid: string; properties: Dict; instance_info: Dict; driver_internal_info: Dict; links: unknown[] };
  config: Dict;
  heartbeat_timeout: number;
}

/** What the lookup takes: the agent's request and, from GET /v1/lookup below 1.62, no token issued. */
export type LookupCall = AgentLookupRequest & { issue_token?: boolean };

/** One answer whatever was wrong (no match, several, wrong state), as Ironic: the difference is not disclosed. */
const notFound = () => new NotFound({ message: 'Resource could not be found.' });

/**
 * The agent's lookup, behind both routes (driver passthru `lookup` and GET /v1/lookup): find the node with
 * the configured strategies (a strategy never guesses: several matches are a 404), check its state, enroll
 * an unknown machine when configured, and hand out the agent token once.
 */
@Injectable()
export class AgentLookupService {
  private readonly strategies: LookupStrategy[];
  /** Enrollments in this process run one at a time, so concurrent lookups of one machine create one node. */
  private enrolling: Promise<unknown> = Promise.resolve();
  /** Nodes this conductor enrolled lately: their machine's other lookups, racing the enrollment, get the node too. */
  private readonly enrolled = new Set<string>();

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tasks: TaskManager,
  ) {
    this.strategies = (config.agentLookupStrategies ?? ['mac', 'bmc', 'serial']).map((name) => {
      const strategy = drivers.lookupStrategies.find((s) => s.name === name);
      if (!strategy) throw new Error(`FERRUM_AGENT_LOOKUP_STRATEGIES names ${name}, which no driver or plugin provides (known: ${drivers.lookupStrategies.map((s) => s.name).join(', ')})`);
      return strategy;
    });
  }

  private readonly source: LookupSource = {
    nodesByMacs: (macs) => this.repos.nodes.findByPortAddresses(macs, 1000),
    lookupCandidates: async () => {
      const nodes = await this.repos.nodes.list({ provision_states: [...LOOKUP_ALLOWED_STATES, ...FAST_TRACK_STATES] }, { limit: 100_000, sortKey: 'id', sortDir: 'asc' });
      return nodes.filter((n) => this.lookupAllowed(n, false));
    },
  };

  /** Ironic's LookupController.lookup_allowed: fast track (per node, else the option) widens the states. */
  private lookupAllowed(node: NodeRecord, strict = true): boolean {
    let fast: boolean;
    try {
      fast = fastTrackEnabled(node.driver_info, !!this.config.agentFastTrack);
    } catch (err) {
      if (strict) throw err;
      return false;
    }
    return (fast ? FAST_TRACK_STATES : []).includes(node.provision_state) || LOOKUP_ALLOWED_STATES.includes(node.provision_state);
  }

  async lookup(request: LookupCall): Promise<LookupReply> {
    const inventory = this.parseInventory(request.inventory);
    const macs = lookupMacs(inventory, request.addresses ?? []);
    if (!macs.length && !request.node_uuid && !inventory) throw new IncompleteLookup({});
    let node: NodeRecord | undefined;
    let enrolled = false;
    if (request.node_uuid) {
      node = await this.repos.nodes.findByUuid(request.node_uuid);
      if (!node) throw notFound();
    } else {
      node = await this.find({ inventory, macs });
      if (!node && inventory && this.config.agentEnrollUnknown) {
        node = await this.enroll(inventory, macs);
        enrolled = true;
      }
      if (!node) {
        this.logger.info({ macs }, 'lookup matched no node');
        throw notFound();
      }
    }
    if (!enrolled && this.config.agentRestrictLookup !== false && !this.lookupAllowed(node) && !(await this.enrolledHere(node))) {
      this.logger.info({ node: node.uuid, state: node.provision_state }, 'lookup of a node in a state that does not allow it');
      throw notFound();
    }
    return this.reply(node, request.issue_token !== false);
  }

  /**
   * Ironic's get_node_with_token (continue_inspection at 1.84): the node's lookup answer, with a token issued
   * if it has none, whatever its provision state: the inspection callback already found it.
   * @throws NodeNotFound
   */
  async nodeWithToken(nodeUuid: string): Promise<LookupReply> {
    return this.reply(await this.repos.nodes.getByIdent(nodeUuid), true);
  }

  /** The first strategy with exactly one match wins; several matches stop the lookup (404), none tries the next. */
  private async find(query: { inventory?: Inventory; macs: string[] }): Promise<NodeRecord | undefined> {
    for (const strategy of this.strategies) {
      const matches = await strategy.find(query, this.source);
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) {
        this.logger.warn({ strategy: strategy.name, nodes: matches.map((n) => n.uuid) }, 'lookup is ambiguous: several nodes match');
        throw notFound();
      }
    }
    return undefined;
  }

  /**
   * Only what the strategies read is checked (interfaces, BMC address, serial): an agent may not know its
   * CPU model (IPA sends null) and Ironic's lookup needed only the MACs. Enrollment checks the rest.
   */
  private parseInventory(value: unknown): Inventory | undefined {
    if (value === undefined || value === null) return undefined;
    return parseOrRefuse(lookupInventorySchema, value) as Inventory;
  }

  /**
   * The token is generated under the node's lock on the first lookup and shown then only; later lookups get
   * "******". Without `issue` (API below 1.62, as Ironic's lookup without get_node_with_token) none is made.
   */
  private async reply(found: NodeRecord, issue: boolean): Promise<LookupReply> {
    // A node already holding a token needs no lock: the answer is "******" either way.
    const issued = !!found.driver_internal_info.agent_secret_token;
    let token: string | null = issued || issue ? '******' : null;
    const node = issued || !issue ? found : await this.issueToken(found, (t) => (token = t));
    const timeout = this.config.agentHeartbeatTimeoutS ?? 300;
    return {
      node: {
        uuid: node.uuid,
        properties: node.properties,
        instance_info: maskInstanceInfo(node.instance_info),
        driver_internal_info: { ...node.driver_internal_info, ...(node.driver_internal_info.agent_secret_token ? { agent_secret_token: '******' } : {}) },
        links: [],
      },
      config: {
        metrics: { backend: 'noop', prepend_host: false, prepend_uuid: false, prepend_host_reverse: true, global_prefix: null },
        metrics_statsd: { statsd_host: 'localhost', statsd_port: 8125 },
        heartbeat_timeout: timeout,
        agent_token: token,
        agent_token_required: true,
        disable_deep_image_inspection: false,
        permitted_image_formats: ['raw', 'qcow2', 'iso'],
        enable_bios_bootloader_install: true,
      },
      heartbeat_timeout: timeout,
    };
  }

  /**
   * Generates and stores the token under the node's lock. A lookup that finds the node locked by another
   * lookup issuing the token (concurrent lookups of one machine) waits for that token and answers "******".
   */
  private async issueToken(found: NodeRecord, issued: (token: string) => void): Promise<NodeRecord> {
    try {
      return await this.tasks.withExclusive(found.uuid, async (task) => {
        // The machine was powered off or on since this lookup found the node: the agent asking is from the boot
        // before (its request was on its way when the power went), and a token issued now would lock out the
        // agent of the new boot. It is refused; an agent that is still there looks up again.
        if (task.node.driver_internal_info.last_power_state_change !== found.driver_internal_info.last_power_state_change) {
          this.logger.info({ node: found.uuid }, 'lookup from before the last power action: refused');
          throw notFound();
        }
        if (!task.node.driver_internal_info.agent_secret_token) {
          const token = newAgentToken();
          await task.save({ driver_internal_info: { ...task.node.driver_internal_info, agent_secret_token: hashAgentToken(token) } });
          issued(token);
        }
        return task.node;
      });
    } catch (err) {
      if (!(err instanceof NodeLocked)) throw err;
      for (let i = 0; i < 20; i++) {
        const now = await this.repos.nodes.getByIdent(found.uuid);
        if (now.driver_internal_info.agent_secret_token) return now;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw err;
    }
  }

  /**
   * A machine whose agent sends several lookups at once is enrolled by the first; the others may find the
   * new node (still in enroll) before or after that finished, and must get it as the first did.
   */
  private async enrolledHere(node: NodeRecord): Promise<boolean> {
    if (!this.config.agentEnrollUnknown || node.provision_state !== 'enroll') return false;
    await this.enrolling;
    return this.enrolled.has(node.uuid);
  }

  /**
   * Creates the node for an unknown machine: enroll state, the configured driver, properties from the
   * inventory and a port per NIC. One at a time in this process; across conductors the ports' unique MACs
   * decide: a loser deletes its node and finds the winner's.
   */
  private enroll(lookupInventory: Inventory, macs: string[]): Promise<NodeRecord | undefined> {
    // Properties and ports come from the whole inventory: an unknown machine needs a complete one.
    const inventory = parseOrRefuse(inventorySchema, lookupInventory);
    const run = this.enrolling.then(async () => {
      const existing = await this.find({ inventory, macs });
      if (existing) return existing;
      const driver = this.config.agentEnrollDriver ?? this.drivers.hardwareTypes[0];
      const uuid = randomUUID();
      // Created locked: claimed, so the orphan-lock sweep leaves it alone until the ports are in.
      this.tasks.claim(uuid);
      try {
        return await this.enrollLocked(uuid, driver, inventory, macs);
      } finally {
        this.tasks.unclaim(uuid);
      }
    });
    this.enrolling = run.catch(() => undefined);
    return run;
  }

  private async enrollLocked(uuid: string, driver: string, inventory: Inventory, macs: string[]): Promise<NodeRecord | undefined> {
    const node = await this.repos.nodes.insert({
      ...this.drivers.resolveInterfaces(driver, { driver }),
      uuid,
      driver,
      properties: propertiesFromInventory(inventory),
      extra: {},
      provision_state: 'enroll',
      power_state: null,
      conductor_group: '',
      reservation: this.config.hostname,
    } as never);
    try {
      const bootif = inventory.boot.pxe_interface?.toLowerCase().replace(/^01-/, '').replace(/-/g, ':');
      for (const nic of inventory.interfaces) {
        if (!nic.mac_address) continue;
        await this.repos.ports.insert({ uuid: randomUUID(), address: nic.mac_address, node_id: node.id, pxe_enabled: !bootif || bootif === nic.mac_address });
      }
    } catch (err) {
      await this.repos.nodes.deleteLocked(uuid, this.config.hostname);
      if (err instanceof MACAlreadyExists) return this.find({ inventory, macs });
      throw err;
    }
    await this.repos.reservations.release(uuid, this.config.hostname);
    this.enrolled.add(uuid);
    if (this.enrolled.size > 1000) this.enrolled.delete(this.enrolled.values().next().value as string);
    this.logger.info({ node: uuid, driver, macs }, 'enrolled an unknown machine that looked up');
    return this.repos.nodes.getByIdent(uuid);
  }
}

function parseOrRefuse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidParameterValue({ message: `Malformed inventory: ${issue.path.join('.') || '(inventory)'}: ${issue.message}` });
}

/** instance_info as the agent sees it: secrets masked as the API masks them. */
function maskInstanceInfo(info: Dict): Dict {
  return 'configdrive' in info ? { ...info, configdrive: '******' } : info;
}
