import { MissingParameterValue } from '@ferrum/errors';
import { DriverContext, ExclusiveTask, SharedTask, VendorInterface, driverPassthru, passthru } from '@ferrum/drivers';

type Args = Record<string, unknown>;

/**
 * The seed's example vendor: a driver-level method any client can call without a node, and a
 * node-level raw command whose arguments are checked before it runs.
 */
export class ExampleVendor implements VendorInterface {
  getProperties() {
    return {};
  }

  async validate(_task: SharedTask, method?: string, args: Args = {}): Promise<void> {
    if (method === 'send_raw' && args.raw_bytes === undefined) {
      throw new MissingParameterValue({ message: "Parameter 'raw_bytes' not passed to method 'send_raw'." });
    }
  }

  @driverPassthru({ httpMethods: ['GET'], async: false, description: 'List the authentication types the example BMC accepts.' })
  async authentication_types(_ctx: DriverContext): Promise<string[]> {
    return ['none', 'password', 'certificate'];
  }

  @passthru({ httpMethods: ['POST'], async: false, description: 'Send raw bytes to the example BMC and return what it would answer.' })
  async send_raw(task: ExclusiveTask, args: Args): Promise<{ node: string; sent: unknown }> {
    return { node: task.node.uuid, sent: args.raw_bytes };
  }
}
