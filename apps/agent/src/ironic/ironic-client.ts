import type { Inventory } from '@ferrum/contracts';

/** The API version the agent asks for: lookup and heartbeat need ≥ 1.62 for tokens; 1.68 adds agent_verify_ca. */
const API_VERSION = '1.68';

export interface LookupNode {
  uuid: string;
  properties?: Record<string, unknown>;
  instance_info?: Record<string, unknown>;
  driver_internal_info?: Record<string, unknown>;
}

export interface LookupResult {
  node: LookupNode;
  config: { heartbeat_timeout?: number; agent_token?: string; [key: string]: unknown };
}

/** A reply the agent should retry on; `conflict` (409) adds the spec's extra sleep. */
export class LookupRetry extends Error {
  constructor(
    message: string,
    readonly conflict = false,
  ) {
    super(message);
  }
}

export class HeartbeatError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-openstack-ironic-api-version': API_VERSION };

async function fault(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error_message?: string };
    const inner = typeof body.error_message === 'string' ? (JSON.parse(body.error_message) as { faultstring?: string }) : undefined;
    return inner?.faultstring ?? text;
  } catch {
    return text;
  }
}

/**
 * One lookup attempt against one API URL: the legacy driver passthru when a driver name is given (`{version:
 * "2", inventory, node_uuid}`), else `GET /v1/lookup?addresses=&node_uuid=`. Anything but a valid 200 is
 * a LookupRetry.
 */
export async function lookupOnce(apiUrl: string, inventory: Inventory, opts: { driver?: string; nodeUuid?: string }): Promise<LookupResult> {
  let res: Response;
  try {
    if (opts.driver) {
      res = await fetch(`${apiUrl}/v1/drivers/${encodeURIComponent(opts.driver)}/vendor_passthru/lookup`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ version: '2', inventory, ...(opts.nodeUuid ? { node_uuid: opts.nodeUuid } : {}) }),
      });
    } else {
      const addresses = inventory.interfaces.map((i) => i.mac_address).filter((m): m is string => !!m);
      const query = new URLSearchParams({ addresses: addresses.join(',') });
      if (opts.nodeUuid) query.set('node_uuid', opts.nodeUuid);
      res = await fetch(`${apiUrl}/v1/lookup?${query.toString()}`, { headers });
    }
  } catch (err) {
    throw new LookupRetry(`cannot reach ${apiUrl}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.status !== 200) throw new LookupRetry(`lookup answered ${res.status}: ${await fault(res)}`, res.status === 409);
  let body: Partial<LookupResult> & { heartbeat_timeout?: number };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new LookupRetry('lookup answered 200 with a body that is not JSON');
  }
  if (!body.node?.uuid) throw new LookupRetry('lookup answered 200 without a node');
  // An old server sends heartbeat_timeout at the top level and no config.
  const config = body.config ?? { heartbeat_timeout: body.heartbeat_timeout };
  return { node: body.node, config };
}

/** POST /v1/heartbeat/<uuid>; a non-202 is a HeartbeatError with the server's message. */
export async function heartbeat(
  apiUrl: string,
  nodeUuid: string,
  body: { callback_url: string; agent_token?: string | null; agent_version: string; agent_verify_ca?: string },
): Promise<void> {
  const res = await fetch(`${apiUrl}/v1/heartbeat/${encodeURIComponent(nodeUuid)}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      callback_url: body.callback_url,
      agent_version: body.agent_version,
      ...(body.agent_token ? { agent_token: body.agent_token } : {}),
      ...(body.agent_verify_ca ? { agent_verify_ca: body.agent_verify_ca } : {}),
    }),
  });
  if (res.status !== 202) throw new HeartbeatError(`heartbeat answered ${res.status}: ${await fault(res)}`, res.status);
  await res.body?.cancel();
}
