import { MissingParameterValue } from '@ferrum/errors';
import { z } from 'zod';
import { driverPassthru } from '../passthru/passthru.decorators';
import type { DriverContext } from '../passthru/vendor.interface';
import { FakeVendor } from './fake-vendor';

type Args = Record<string, unknown>;

/**
 * Ferrum's demonstration vendor interface (`ferrum-demo`): the fake vendor's node methods plus driver-level
 * ones that show what Ferrum's passthru adds (conductor routing, typed arguments, jobs). Ironic's `fake`
 * vendor has no driver methods, so these live here, the default vendor of the `ferrum-demo` hardware type,
 * and fake-hardware stays exactly Ironic's.
 */
export class DemoVendor extends FakeVendor {
  async driverValidate(_ctx: DriverContext, method: string): Promise<void> {
    if (method === 'fail_validation') throw new MissingParameterValue({ message: `Parameter 'anything' not passed to method '${method}'.` });
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

  @driverPassthru({ httpMethods: ['POST'], description: 'An asynchronous driver-level job that takes the fake vendor delay.' })
  async driver_job(_ctx: DriverContext): Promise<{ done: true }> {
    await this.pause();
    return { done: true };
  }
}
