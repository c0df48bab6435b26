import { hostname } from 'node:os';
import { isIPv6 } from 'node:net';
import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { ConsolePorts } from '../console/console-ports';
import type { ConsoleSettings } from '../console/console-settings';
import type { SocatConsoles } from '../console/socat-consoles';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import type { ConsoleInterface } from '../interfaces/optional.interfaces';
import type { ExclusiveTask, SharedTask } from '../task';
import { text } from '../bmc/text';
import { IPMI_PROPERTIES, IpmiDriverInfo, parseIpmiDriverInfo } from './ipmi-driver-info';
import type { IpmitoolRunner } from './ipmitool-runner';

/** Where the port a console was given from the range is kept (Ironic's name). */
const ALLOCATED_PORT = 'allocated_ipmi_terminal_port';
/** `sol deactivate` on a session that is not active exits 1 ("already de-activated"): that is fine. */
const SOL_INACTIVE_OK = [1];

/** driver_info ipmi_terminal_port, else the port allocated from the range (Ironic's _parse_driver_info `port`). */
function terminalPort(node: Pick<NodeRecord, 'driver_info' | 'driver_internal_info'>): number | undefined {
  const given = node.driver_info?.ipmi_terminal_port ?? node.driver_internal_info?.[ALLOCATED_PORT];
  if (given === undefined || given === null || given === '') return undefined;
  const port = Number(text(given));
  if (!/^\d+$/.test(text(given).trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidParameterValue({ message: `ipmi_terminal_port "${text(given)}" is not a valid port.` });
  }
  return port;
}

/**
 * Ironic's IPMISocatConsole (`ipmitool-socat`): socat listens on [console]socat_address at the node's
 * ipmi_terminal_port (or a port from the range) and runs `ipmitool … sol activate` on a pty for the client
 * that connects. An earlier SOL session is dropped first with `sol deactivate`, as Ironic does. The password
 * reaches ipmitool only through its environment (-E): never on socat's or ipmitool's command line.
 */
export class IpmitoolSocatConsole implements ConsoleInterface {
  constructor(
    private readonly ipmitool: IpmitoolRunner,
    private readonly consoles: SocatConsoles,
    private readonly ports: ConsolePorts,
    private readonly settings: ConsoleSettings,
  ) {}

  getProperties(): PropertyDescriptions {
    return { ...IPMI_PROPERTIES, ipmi_terminal_port: "node's UDP port to connect to. Only required for console access." };
  }

  /** Ironic's IPMIConsole.validate: a port to serve on, and IPMI 2.0 (SOL needs it). */
  async validate(task: SharedTask): Promise<void> {
    const info = parseIpmiDriverInfo(task.node);
    if (terminalPort(task.node) === undefined && !this.settings.portRange) {
      throw new MissingParameterValue({ message: "Either missing 'ipmi_terminal_port' parameter in node's driver_info or [console]port_range is not configured" });
    }
    if (info.protocolVersion !== '2.0') {
      throw new InvalidParameterValue({
        message: "Serial over lan only works with IPMI protocol version 2.0. Check the 'ipmi_protocol_version' parameter in node's driver_info",
      });
    }
  }

  async startConsole(task: ExclusiveTask): Promise<void> {
    // A port this node was given before goes back first, so a host never hands one port out twice.
    await this.releaseAllocatedPort(task);
    const info = parseIpmiDriverInfo(task.node);
    let port = terminalPort(task.node);
    let allocated = false;
    if (port === undefined) {
      port = await this.ports.acquire(hostname());
      allocated = true;
      await this.recordAllocatedPort(task, port);
    }
    try {
      await this.deactivateSol(info);
      await this.consoles.start(task.node.uuid, {
        host: this.settings.socatAddress,
        port,
        command: this.ipmitool.interactiveArgv(info, ['sol', 'activate']),
        env: { IPMI_PASSWORD: info.password },
      });
    } catch (err) {
      if (allocated) this.ports.release(port);
      throw err;
    }
  }

  async stopConsole(task: ExclusiveTask): Promise<void> {
    const info = parseIpmiDriverInfo(task.node);
    await this.consoles.stop(task.node.uuid);
    await this.deactivateSol(info);
    await this.releaseAllocatedPort(task);
  }

  async getConsole(task: SharedTask): Promise<Record<string, unknown>> {
    parseIpmiDriverInfo(task.node);
    const host = this.settings.socatAddress;
    return { type: 'socat', url: `tcp://${isIPv6(host) ? `[${host}]` : host}:${terminalPort(task.node)}` };
  }

  /** Drops the BMC's SOL session, if any (a client of a console stopped uncleanly leaves it active). */
  private async deactivateSol(info: IpmiDriverInfo): Promise<void> {
    await this.ipmitool.execute(info, ['sol', 'deactivate'], SOL_INACTIVE_OK);
  }

  private async recordAllocatedPort(task: ExclusiveTask, port: number): Promise<void> {
    await task.record?.({ driver_internal_info: { ...task.node.driver_internal_info, [ALLOCATED_PORT]: port } });
  }

  private async releaseAllocatedPort(task: ExclusiveTask): Promise<void> {
    const port = task.node.driver_internal_info?.[ALLOCATED_PORT];
    if (port === undefined) return;
    const { [ALLOCATED_PORT]: _released, ...rest } = task.node.driver_internal_info;
    await task.record?.({ driver_internal_info: rest });
    if (typeof port === 'number') this.ports.release(port);
  }
}
