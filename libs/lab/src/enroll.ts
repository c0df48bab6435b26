import type { LabMachine } from './machine-room';

/** Ferrum's address and how to prove who the lab is. */
export interface FerrumEndpoint {
  url: string;
  username?: string;
  password?: string;
  token?: string;
}

/** The version the lab speaks: the one Debian's Ironic and its clients know. */
const VERSION = '1.82';
const CONCURRENCY = 8;

/** What enrollment needs to know about the lab's BMC and agent ISO. */
export interface EnrollTarget {
  bmcUrl: string;
  bmcUsername: string;
  bmcPassword: string;
  agentIso: string;
}

export class EnrollError extends Error {}

/**
 * Enrolls each machine as an operator would for Redfish with virtual media: a `redfish` node named after the
 * machine, booting the agent from the lab's ISO, inspected by the agent, with a port per NIC. A node already
 * there under that name is kept as it is (the lab may be restarted beside the same Ferrum).
 * @returns the nodes created and the ones found already enrolled
 */
export async function enrollMachines(ferrum: FerrumEndpoint, target: EnrollTarget, machines: LabMachine[]): Promise<{ created: number; existing: number }> {
  const call = api(ferrum);
  let created = 0;
  let existing = 0;
  const queue = [...machines];
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const found = await call('GET', `/v1/nodes/${m.name}`);
      if (found.status === 200) {
        existing++;
        continue;
      }
      if (found.status !== 404) throw refused(`GET /v1/nodes/${m.name}`, found);
      const node = await call('POST', '/v1/nodes', {
        name: m.name,
        driver: 'redfish',
        boot_interface: 'redfish-virtual-media',
        inspect_interface: 'agent',
        resource_class: `lab-${m.kind}`,
        driver_info: {
          redfish_address: target.bmcUrl,
          redfish_system_id: `/redfish/v1/Systems/${m.system}`,
          redfish_username: target.bmcUsername,
          redfish_password: target.bmcPassword,
          deploy_iso: target.agentIso,
        },
        properties: { cpu_arch: m.hardware.architecture ?? 'x86_64' },
      });
      if (node.status !== 201) throw refused(`creating node ${m.name}`, node);
      const uuid = (node.body as { uuid: string }).uuid;
      for (const [i, nic] of m.hardware.nics.entries()) {
        const port = await call('POST', '/v1/ports', { node_uuid: uuid, address: nic.mac, pxe_enabled: i === 0 });
        if (port.status !== 201) throw refused(`creating the port ${nic.mac} of ${m.name}`, port);
      }
      created++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, machines.length) }, worker));
  return { created, existing };
}

type Answer = { status: number; body: unknown; text: string };

function api(ferrum: FerrumEndpoint): (method: string, path: string, body?: unknown) => Promise<Answer> {
  const headers: Record<string, string> = { 'X-OpenStack-Ironic-API-Version': VERSION, 'content-type': 'application/json' };
  if (ferrum.token) headers['X-Auth-Token'] = ferrum.token;
  else if (ferrum.username) headers.Authorization = `Basic ${Buffer.from(`${ferrum.username}:${ferrum.password ?? ''}`).toString('base64')}`;
  const base = ferrum.url.replace(/\/+$/, '');
  return async (method, path, body) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new EnrollError(`Ferrum at ${base} cannot be reached (${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}): start it first (npm start), or set FERRUM_URL`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  };
}

/** Ironic's error body says why in `error_message` (itself JSON with `faultstring`). */
function refused(what: string, answer: Answer): EnrollError {
  let reason = answer.text.slice(0, 500);
  try {
    const inner = JSON.parse((answer.body as { error_message: string }).error_message) as { faultstring?: string };
    if (inner.faultstring) reason = inner.faultstring;
  } catch {
    // Not Ironic's error format: the raw text says it.
  }
  const hint = answer.status === 401 ? ' (set FERRUM_LAB_USERNAME and FERRUM_LAB_PASSWORD, or FERRUM_LAB_TOKEN)' : '';
  return new EnrollError(`${what}: Ferrum answered ${answer.status}: ${reason}${hint}`);
}
