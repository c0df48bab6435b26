import { MissingParameterValue } from '@ferrum/errors';
import type { ExclusiveTask, SharedTask } from '../task';
import type { StepResult } from '../interfaces/deploy.interface';
import { passthru } from '../passthru/passthru.decorators';
import { serviceStep } from '../steps/step.decorators';
import type { VendorInterface } from '../passthru/vendor.interface';

const NEEDS_BAR = ['second_method', 'third_method_sync', 'fourth_method_shared_lock'];
type Args = Record<string, unknown>;

/**
 * Ironic's FakeVendorB (what `fake` vendor maps to): its three node methods and their behaviour, and, as
 * in Ironic, no driver-level methods (Ferrum's demonstration ones are DemoVendor's). `delayMs` makes async
 * methods take time.
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

  /**
   * Ironic's fake service steps (2023.2 on): log_passthrough runs and ends, trigger_servicewait leaves the node
   * in `service wait`. Ironic also offers log_passthrough as a passthru method and a priority-1 clean step;
   * Ferrum does not, so fake-hardware's vendor methods and automated cleaning stay Ironic 21.4's.
   */
  @serviceStep({ priority: 0, requiresRamdisk: false })
  async log_passthrough(_task: ExclusiveTask, _args: Args): Promise<void> {
    await this.pause();
  }

  @serviceStep({ priority: 0 })
  async trigger_servicewait(_task: ExclusiveTask, _args: Args): Promise<StepResult> {
    return 'wait';
  }

  protected pause(): Promise<void> {
    return this.delayMs ? new Promise((resolve) => setTimeout(resolve, this.delayMs)) : Promise.resolve();
  }
}
