import { randomUUID } from 'node:crypto';
import { allOptions, loadConfig } from '@ferrum/config';
import { Call, CreateNode, CreatePort, Dict, NodeRecord, ProvisionNode, ReplyOf, RequestOf } from '@ferrum/contracts';
import { silentLogger } from '@ferrum/logging';
import { Observability } from '@ferrum/observability';
import { TestDatabase, createTestDatabase, createTestTransports, testClient } from '@ferrum/testing';
import type { Transport } from '@ferrum/transport';
// In-process cross-service tests compose the roles the way apps/ferrum's --role all does (the e2e suites
// with real processes cover the split deployment).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ConductorHandle, startConductor } from '@ferrum/conductor';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { InspectorHandle, startInspector } from '@ferrum/inspector';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Links, createApiApp } from '@ferrum/api';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A conductor (fake-hardware) and an inspector on one test database and bus, driven like the API would. */
export class InspectorHarness {
  db!: TestDatabase;
  transports!: Transport[];
  conductor!: ConductorHandle;
  inspector!: InspectorHandle;
  readonly host = `insp-${randomUUID().slice(0, 8)}`;
  /** The subject of every call the inspector made, in order (what a callback costs the conductors). */
  readonly inspectorCalls: string[] = [];

  /** The REST API (started with `withApi`), on its own bus connection like the API process. */
  api?: NestFastifyApplication;

  /** Starts the conductor and, unless `withInspector` is false, the inspector; the API too with `withApi`. */
  async start(env: Record<string, string> = {}, withInspector = true, withApi = false): Promise<this> {
    this.db = await createTestDatabase();
    this.transports = await createTestTransports(4);
    const config = loadConfig(allOptions, {
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '20',
      FERRUM_INSPECTOR_PORT: '1',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
      FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '0',
      FERRUM_PXE_FILTER_SYNC_PERIOD_S: '0',
      FERRUM_INSPECTOR_STATUS_CHECK_PERIOD_S: '0',
      ...env,
    });
    this.conductor = await startConductor({
      config: { ...config, hostname: this.host },
      repos: this.db.repos,
      transport: this.transports[0],
      logger: silentLogger(),
      observability: new Observability(),
    });
    if (!withInspector) return this;
    this.inspector = await startInspector({
      config: { ...config, inspectorPort: 0 },
      repos: this.db.repos,
      transport: recording(this.transports[1], this.inspectorCalls),
      logger: silentLogger(),
      observability: new Observability(),
    });
    if (withApi) this.api = await createApiApp({ config, repos: this.db.repos, transport: this.transports[3], logger: silentLogger() }, new Links('http://ironic.test:6385'));
    return this;
  }

  /** A request to the API, at the base version unless `version` is given (a ramdisk sends none). */
  async apiRequest(method: string, url: string, body?: unknown, version?: string): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = version ? { 'X-OpenStack-Ironic-API-Version': version } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.api!.getHttpAdapter()
      .getInstance()
      .inject({ method: method as 'POST', url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed };
  }

  async stop(): Promise<void> {
    await this.api?.close();
    await this.inspector?.close();
    await this.conductor?.close();
    await Promise.all([...new Set(this.transports ?? [])].map((t) => t.close()));
    await this.db?.close();
  }

  call<C extends Call<unknown, unknown, 'conductor'>>(c: C, req: RequestOf<C>): Promise<ReplyOf<C>> {
    return testClient(this.transports[2]).call(c, req, { host: this.host });
  }

  node(uuid: string): Promise<NodeRecord> {
    return this.db.repos.nodes.getByIdent(uuid);
  }

  /** A manageable fake-hardware node using the inspector (or agent) inspect interface, with the given ports and properties. */
  async manageableNode(options: { macs?: string[]; properties?: Dict; inspectInterface?: 'inspector' | 'agent' } = {}): Promise<NodeRecord> {
    const node = await this.call(CreateNode, {
      node: { driver: 'fake-hardware', inspect_interface: options.inspectInterface ?? 'inspector', properties: options.properties ?? {} },
    });
    for (const mac of options.macs ?? []) await this.call(CreatePort, { port: { address: mac, node_uuid: node.uuid } });
    await this.call(ProvisionNode, { node_uuid: node.uuid, event: 'manage', params: {} });
    return this.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
  }

  /** Polls the node until `done` holds (the conductor and inspector work in the background). */
  async until(uuid: string, done: (n: NodeRecord) => boolean, timeoutMs = 30_000): Promise<NodeRecord> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const node = await this.node(uuid);
      if (done(node)) return node;
      if (Date.now() > end) throw new Error(`node ${uuid} stuck in ${node.provision_state} (last_error: ${node.last_error})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async untilIntrospection(uuid: string, state: string, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.db.repos.introspections.get(uuid);
      if (row?.state === state) return;
      if (Date.now() > end) throw new Error(`introspection of ${uuid} stuck in ${row?.state}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.inspector.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

/** An inventory as the agent posts it (§13.3/§13.4) for a machine with these NICs. */
export function inspectionPayload(nics: { name: string; mac: string; ip?: string | null }[], extra: Record<string, unknown> = {}) {
  const GiB = 1024 ** 3;
  return {
    inventory: {
      interfaces: nics.map((n) => ({ name: n.name, mac_address: n.mac, ipv4_address: n.ip === undefined ? '192.0.2.10' : n.ip, has_carrier: true })),
      cpu: { model_name: 'Test CPU', frequency: '2400', count: 8, architecture: 'x86_64', flags: ['vmx', 'aes', 'pse'] },
      memory: { total: 16 * GiB, physical_mb: 16384 },
      disks: [
        { name: '/dev/sda', size: 500 * GiB, rotational: true, model: 'big', serial: 'S1' },
        { name: '/dev/sdb', size: 100 * GiB, rotational: false, model: 'small', serial: 'S2' },
        { name: '/dev/sdc', size: 1 * GiB, rotational: false, model: 'tiny' },
      ],
      bmc_address: '0.0.0.0',
      system_vendor: { product_name: 'Test', manufacturer: 'Ferrum' },
      boot: { current_boot_mode: 'uefi', pxe_interface: nics[0]?.mac ?? null },
    },
    boot_interface: nics[0] ? `01-${nics[0].mac.replace(/:/g, '-')}` : null,
    error: null,
    logs: 'H4sIAAAAAAAAA+3BAQ0AAADCoPdPbQ8HFAAAAAAAAAAAAAAAAADeBjrfQJsAKAAA',
    ...extra,
  };
}

export const randomMac = () => `52:54:00:${[0, 0, 0].map(() => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join(':')}`;

/** The transport as it is, noting the subject of each request it sends. */
function recording(transport: Transport, calls: string[]): Transport {
  return new Proxy(transport, {
    get(target, key, receiver) {
      if (key !== 'request') return Reflect.get(target, key, receiver) as unknown;
      return (subject: string, payload: unknown, options?: Parameters<Transport['request']>[2]) => {
        calls.push(subject);
        return target.request(subject, payload, options);
      };
    },
  });
}
