import { Inject, Injectable } from '@nestjs/common';
import {
  CONDUCTOR_REQUEST_SCHEMAS,
  ConductorMethod,
  ConductorRpc,
  DRIVER_REQUEST_SCHEMAS,
  DriverMethod,
  DriverRpc,
  conductorSubject,
  driverQueue,
  driverSubject,
} from '@ferrum/contracts';
import type { DriverRegistry } from '@ferrum/drivers';
import type { z } from 'zod';
import { InvalidParameterValue } from '@ferrum/errors';
import type { Subscription, Transport } from '@ferrum/transport';
import type { ConductorConfig } from '../conductor.config';
import { NodeService } from '../nodes/node.service';
import { PortService } from '../ports/port.service';
import { ManagementService } from '../management/management.service';
import { PowerService } from '../power/power.service';
import { ProvisionService } from '../provision/provision.service';
import { VendorService } from '../passthru/vendor.service';
import { AgentHeartbeatService } from '../agent/agent-heartbeat.service';
import { AgentLookupService } from '../agent/agent-lookup.service';
import { InspectionService } from '../inspection/inspection.service';
import { CONFIG, DRIVERS, TRANSPORT } from '../tokens';

type Handlers = { [M in ConductorMethod]: (req: ConductorRpc[M]['request']) => Promise<ConductorRpc[M]['reply']> };
type DriverHandlers = { [M in DriverMethod]: (driver: string, req: DriverRpc[M]['request']) => Promise<DriverRpc[M]['reply']> };

/** The conductor's NATS edge: one subscription per method on its own subjects; each handler calls one service. */
@Injectable()
export class RpcHandlers {
  private subscriptions: Subscription[] = [];
  /** Calls being answered now: a drain waits for them, since they may hold a node lock. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(TRANSPORT) private readonly transport: Transport,
    private readonly nodes: NodeService,
    private readonly ports: PortService,
    private readonly power: PowerService,
    private readonly provision: ProvisionService,
    private readonly management: ManagementService,
    private readonly vendor: VendorService,
    private readonly heartbeats: AgentHeartbeatService,
    private readonly lookups: AgentLookupService,
    private readonly inspection: InspectionService,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
  ) {}

  private readonly handlers: Handlers = {
    'node.create.v1': (req) => this.nodes.create(req.node),
    'node.update.v1': (req) => this.nodes.update(req.node_uuid, req.changes, req.reset_interfaces),
    'node.delete.v1': async (req) => {
      await this.nodes.delete(req.node_uuid);
      return null;
    },
    'node.set-power.v1': async (req) => {
      await this.power.setPowerState(req.node_uuid, req.target, req.timeout);
      return null;
    },
    'node.provision.v1': async (req) => {
      await this.provision.start(req.node_uuid, req.event, req.params);
      return null;
    },
    'node.set-maintenance.v1': async (req) => {
      await this.management.setMaintenance(req.node_uuid, req.maintenance, req.reason);
      return null;
    },
    'node.validate.v1': (req) => this.management.validate(req.node_uuid),
    'node.get-boot-device.v1': (req) => this.management.getBootDevice(req.node_uuid),
    'node.set-boot-device.v1': async (req) => {
      await this.management.setBootDevice(req.node_uuid, req.boot_device, req.persistent);
      return null;
    },
    'node.supported-boot-devices.v1': async (req) => ({ supported_boot_devices: await this.management.supportedBootDevices(req.node_uuid) }),
    'node.vendor-passthru.v1': (req) => this.vendor.nodeCall(req.node_uuid, req),
    'node.vendor-methods.v1': (req) => this.vendor.nodeMethods(req.node_uuid),
    'port.create.v1': (req) => this.ports.create(req.port),
    'port.update.v1': (req) => this.ports.update(req.port_uuid, req.changes),
    'port.delete.v1': async (req) => {
      await this.ports.delete(req.port_uuid);
      return null;
    },
    'ping.v1': async () => ({ hostname: this.config.hostname }),
    'node.heartbeat.v1': async ({ node_uuid, ...body }) => {
      await this.heartbeats.heartbeat(node_uuid, body);
      return null;
    },
    'node.inspection-finished.v1': async (req) => {
      await this.inspection.finish(req.node_uuid, req.error);
      return null;
    },
  };

  private readonly driverHandlers: DriverHandlers = {
    'vendor-passthru.v1': (driver, req) => this.vendor.driverCall(driver, req),
    'vendor-methods.v1': async (driver) => this.vendor.driverMethods(driver),
    'properties.v1': async (driver) => this.drivers.properties(driver),
    'raid-logical-disk-properties.v1': async (driver) => this.drivers.raidLogicalDiskProperties(driver),
    'agent-lookup.v1': async (_driver, req) => {
      const { node, config } = await this.lookups.lookup(req);
      return { node: { uuid: node.uuid, properties: node.properties, instance_info: node.instance_info, driver_internal_info: node.driver_internal_info }, config };
    },
  };

  async subscribe(): Promise<void> {
    for (const [method, handler] of Object.entries(this.handlers) as [ConductorMethod, (req: unknown) => Promise<unknown>][]) {
      const schema = CONDUCTOR_REQUEST_SCHEMAS[method];
      await this.listen(conductorSubject(this.config.hostname, method), method, schema, handler);
    }
    // Driver-level calls: one queue group per hardware type, so NATS picks a random conductor that has it.
    for (const driver of this.drivers.hardwareTypes) {
      for (const [method, handler] of Object.entries(this.driverHandlers) as [DriverMethod, (d: string, req: unknown) => Promise<unknown>][]) {
        await this.listen(driverSubject(driver, method), method, DRIVER_REQUEST_SCHEMAS[method], (req) => handler(driver, req), driverQueue(driver));
      }
    }
  }

  private async listen(subject: string, method: string, schema: z.ZodType, handler: (req: unknown) => Promise<unknown>, queue?: string) {
    const subscription = await this.transport.handle(
      subject,
      async (payload) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new InvalidParameterValue({ message: `Malformed ${method} request: ${issue.path.join('.')}: ${issue.message}` });
        }
        const call = handler(payload);
        this.inFlight.add(call);
        try {
          return await call;
        } finally {
          this.inFlight.delete(call);
        }
      },
      { queue },
    );
    this.subscriptions.push(subscription);
  }

  /** Stop taking requests first, so the API re-routes while this conductor finishes what it runs. */
  async unsubscribe(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.unsubscribe()));
    this.subscriptions = [];
  }

  /** Resolves when every call that arrived before `unsubscribe` has been answered. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
