import type { PropertyDescriptions } from '../interfaces/base.interface';
import type { SharedTask } from '../task';
import { PassthruRoute, passthruRoutes } from './passthru.decorators';
import type { DriverContext, VendorInterface } from './vendor.interface';

/** A route together with the implementation that owns it. */
export interface BoundRoute {
  route: PassthruRoute;
  owner: VendorInterface;
}

/**
 * Composes several vendor implementations into one (Ironic's MixinVendorInterface): their node and
 * driver methods are merged into one mapping, and each call is validated by the implementation that owns
 * the method. Earlier implementations win a name clash.
 */
export class MixinVendor implements VendorInterface {
  constructor(private readonly parts: VendorInterface[]) {}

  getProperties(): PropertyDescriptions {
    return Object.assign({}, ...this.parts.map((p) => p.getProperties())) as PropertyDescriptions;
  }

  async validate(task: SharedTask, method?: string, args?: Record<string, unknown>): Promise<void> {
    if (!method) {
      for (const part of this.parts) await part.validate(task);
      return;
    }
    const bound = routesOf(this, 'node').get(method);
    if (bound) await bound.owner.validate(task, method, args);
  }

  async driverValidate(ctx: DriverContext, method: string, args: Record<string, unknown>): Promise<void> {
    const bound = routesOf(this, 'driver').get(method);
    await bound?.owner.driverValidate?.(ctx, method, args);
  }

  /** Every part's routes of one scope. */
  bound(scope: 'node' | 'driver'): Map<string, BoundRoute> {
    const all = new Map<string, BoundRoute>();
    for (const part of this.parts) {
      for (const [name, bound] of routesOf(part, scope)) if (!all.has(name)) all.set(name, bound);
    }
    return all;
  }
}

/** The routes of any vendor implementation (a mixin's merged ones included), each bound to its owner. */
export function routesOf(vendor: VendorInterface, scope: 'node' | 'driver'): Map<string, BoundRoute> {
  if (vendor instanceof MixinVendor) return vendor.bound(scope);
  return new Map([...passthruRoutes(vendor, scope)].map(([name, route]) => [name, { route, owner: vendor }]));
}
