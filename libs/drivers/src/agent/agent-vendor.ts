import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { SharedTask } from '../task';
import { driverPassthru, passthru } from '../passthru/passthru.decorators';
import type { DriverContext, VendorInterface } from '../passthru/vendor.interface';

type Args = Record<string, unknown>;

/**
 * The agent's vendor methods (Ironic's AgentVendorInterface): the legacy `lookup` (driver level) and
 * `heartbeat` (node level) channels. The driver registry mixes them into every hardware type's vendor
 * interface, so an agent can use whichever driver name its boot parameters give it. The conductor does the
 * work (it owns the database); these methods only check the call's shape and hand it over.
 */
export class AgentVendor implements VendorInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask, method?: string, args: Args = {}): Promise<void> {
    if (method !== 'heartbeat') return;
    if (typeof (args.agent_url ?? args.callback_url) !== 'string') {
      throw new MissingParameterValue({ message: 'For heartbeat operation, "agent_url" must be specified.' });
    }
    if (typeof args.agent_token !== 'string' || !args.agent_token) {
      throw new InvalidParameterValue({ message: 'Invalid or missing agent token received.' });
    }
  }

  async driverValidate(_ctx: DriverContext, method: string, args: Args): Promise<void> {
    if (method !== 'lookup') return;
    const version = args.version ?? '2';
    if (version !== '2') throw new InvalidParameterValue({ message: `Unsupported lookup payload version ${JSON.stringify(version)}; this server speaks version "2"` });
    const inventory = args.inventory as { interfaces?: unknown } | undefined;
    const hasInventory = !!inventory && typeof inventory === 'object' && Array.isArray(inventory.interfaces);
    // GET /v1/lookup hands over `addresses` (MACs) instead of an inventory.
    const hasAddresses = Array.isArray(args.addresses) && args.addresses.length > 0;
    if (!hasInventory && !hasAddresses && typeof args.node_uuid !== 'string') {
      throw new InvalidParameterValue({ message: 'Malformed lookup payload: "inventory" with "interfaces" (or "node_uuid") is required' });
    }
  }

  @driverPassthru({
    httpMethods: ['POST'],
    async: false,
    description: 'Find the node of a booting agent from its inventory ({version: "2", inventory, node_uuid?}); returns the node, the agent config and, once, its token.',
  })
  async lookup(ctx: DriverContext, args: Args): Promise<unknown> {
    if (!ctx.callbacks) throw new InvalidParameterValue({ message: 'Lookup is not available on this conductor' });
    const { http_method: _method, ...body } = args;
    return ctx.callbacks.lookup(body);
  }

  @passthru({
    httpMethods: ['POST'],
    requireExclusiveLock: false,
    description: 'Legacy agent heartbeat ({agent_url, agent_token, agent_version}); the conductor records it and continues the deploy or clean it waits for.',
  })
  async heartbeat(task: SharedTask, args: Args): Promise<void> {
    if (!task.callbacks) throw new InvalidParameterValue({ message: 'Heartbeat is not available on this conductor' });
    await task.callbacks.heartbeat(task.node.uuid, {
      callback_url: (args.agent_url ?? args.callback_url) as string,
      agent_token: args.agent_token as string,
      agent_version: typeof args.agent_version === 'string' ? args.agent_version : undefined,
    });
  }
}
