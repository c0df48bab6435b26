import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { text } from '../bmc/text';
import type { ExclusiveTask, SharedTask } from '../task';
import { passthru } from '../passthru/passthru.decorators';
import type { VendorInterface } from '../passthru/vendor.interface';
import { IPMI_PROPERTIES, parseIpmiDriverInfo } from './ipmi-driver-info';
import type { IpmitoolRunner } from './ipmitool-runner';

type Args = Record<string, unknown>;

function warmOf(value: unknown): boolean {
  if (value === undefined) return true;
  const s = text(value).toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
  throw new InvalidParameterValue({ message: `Invalid value for warm: ${text(value)}; expected a Boolean.` });
}

/** Ironic's ipmitool VendorPassthru: `send_raw` and `bmc_reset`, node methods run through the same per-BMC runner. */
export class IpmitoolVendor implements VendorInterface {
  constructor(private readonly ipmitool: IpmitoolRunner) {}

  getProperties() {
    return { ...IPMI_PROPERTIES };
  }

  async validate(task: SharedTask, method?: string, args: Args = {}): Promise<void> {
    parseIpmiDriverInfo(task.node);
    if (method === 'send_raw') {
      if (typeof args.raw_bytes !== 'string' || !args.raw_bytes.trim()) {
        throw new MissingParameterValue({ message: 'Parameter raw_bytes (string of bytes) was not specified.' });
      }
      if (!/^(0x[0-9a-fA-F]{1,2}\s*)+$/.test(args.raw_bytes.trim())) {
        throw new InvalidParameterValue({ message: `raw_bytes must be hexadecimal bytes such as "0x00 0x01", not "${args.raw_bytes}".` });
      }
    }
    if (method === 'bmc_reset') warmOf(args.warm);
  }

  @passthru({ httpMethods: ['POST'], description: "Send raw bytes to the BMC. Required argument: 'raw_bytes' - a string of raw bytes (e.g. '0x00 0x01')." })
  async send_raw(task: ExclusiveTask, args: Args): Promise<string> {
    const bytes = text(args.raw_bytes).trim().split(/\s+/);
    return (await this.ipmitool.execute(parseIpmiDriverInfo(task.node), ['raw', ...bytes])).trim();
  }

  @passthru({ httpMethods: ['POST'], description: "Reset the BMC. Required argument: 'warm' (Boolean) - for warm (True) or cold (False) reset." })
  async bmc_reset(task: ExclusiveTask, args: Args): Promise<void> {
    await this.ipmitool.execute(parseIpmiDriverInfo(task.node), ['bmc', 'reset', warmOf(args.warm) ? 'warm' : 'cold']);
  }
}
