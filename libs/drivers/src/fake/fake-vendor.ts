import { MissingParameterValue } from '@ferrum/errors';
import { z } from 'zod';
import type { ExclusiveTask, SharedTask } from '../task';
import { driverPassthru, passthru } from '../vendor/passthru.decorators';
import type { DriverContext, VendorInterface } from '../vendor/vendor.interface';

const NEEDS_BAR = ['second_method', 'third_method_sync', 'fourth_method_shared_lock'];
type Args = Record<string, unknown>;

/**
 * Ironic's FakeVendorB (what `fake` vendor maps to), with its three node methods and their behaviour,
 * plus driver-level methods, which Ironic's fake has none of. `delayMs` makes async methods take time.
 */
export class FakeVendor implements VendorInterface {
  constructor(private readonly delayMs = 0) {}

  getProperties() {
    return { B1: 'B1 description. Required.', B2: 'B2 description. Required.' };
  }

  async validate(_task: SharedTask, method?: string, args: Args = {}): Promise<void> {
    if (method && NEEDS_BAR.includes(method) && args.bar === undefined) {
      throw new MissingParameterValue({ message: `Parameter 'bar' not passed to method '${method}'.` });
    }
  }

  async driverValidate(_ctx: DriverContext, method: string, args: Args): Promise<void> {
    if (method === 'fail_validation') throw new MissingParameterValue({ message: `Parameter 'anything' not passed to method '${method}'.` });
    void args;
  }

  @passthru({ httpMethods: ['POST'], description: 'Test if the value of bar is kazoo' })
  async second_method(_task: ExclusiveTask, args: Args): Promise<boolean> {
    await this.pause();
    return args.bar === 'kazoo';
  }

  @passthru({ httpMethods: ['POST'], async: false, description: 'Test if the value of bar is meow' })
  async third_method_sync(_task: ExclusiveTask, args: Args): Promise<boolean> {
    return args.bar === 'meow';
  }

  @passthru({ httpMethods: ['POST'], requireExclusiveLock: false, description: 'Test if the value of bar is woof' })
  async fourth_method_shared_lock(_task: SharedTask, args: Args): Promise<boolean> {
    await this.pause();
    return args.bar === 'woof';
  }

  @driverPassthru({
    httpMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    async: false,
    description: 'Echo the call back with the conductor that answered it (routing checks).',
  })
  async echo(ctx: DriverContext, args: Args): Promise<Args> {
    const { http_method, ...rest } = args;
    return { conductor: ctx.conductor, driver: ctx.driver, http_method, args: rest };
  }

  @driverPassthru({
    httpMethods: ['POST'],
    async: false,
    description: 'Add two integers: shows typed arguments checked before the call.',
    args: z.object({ a: z.number().int(), b: z.number().int() }),
  })
  async add(_ctx: DriverContext, args: Args): Promise<{ sum: number }> {
    return { sum: (args.a as number) + (args.b as number) };
  }

  @driverPassthru({ httpMethods: ['POST'], description: 'An asynchronous driver-level job that takes the fake delay.' })
  async driver_job(_ctx: DriverContext): Promise<{ done: true }> {
    await this.pause();
    return { done: true };
  }

  private pause(): Promise<void> {
    return this.delayMs ? new Promise((resolve) => setTimeout(resolve, this.delayMs)) : Promise.resolve();
  }
}
