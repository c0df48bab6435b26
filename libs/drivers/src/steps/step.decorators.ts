import type { InterfaceKind } from '@ferrum/contracts';

export type StepKind = 'deploy' | 'clean' | 'service';

export interface StepOptions {
  /** Higher runs first; 0 means "only when asked for" (manual cleaning, explicit deploy steps). */
  priority: number;
  /** Arguments the step takes: name → {description, required}. */
  argsinfo?: Record<string, { description: string; required?: boolean }>;
  abortable?: boolean;
  /**
   * Clean and service steps: whether the step needs the agent running (Ironic's requires_ramdisk, default
   * true). Servicing boots the agent only when a step needs it; disable_ramdisk refuses steps that do.
   */
  requiresRamdisk?: boolean;
}

export interface StepDefinition extends Required<Omit<StepOptions, 'argsinfo' | 'requiresRamdisk'>> {
  step: string;
  argsinfo: StepOptions['argsinfo'] | null;
  /** Clean and service steps only, as in Ironic's step dicts (deploy steps have no such field). */
  requires_ramdisk?: boolean;
}

/** A step as Ironic shows it: which interface and method, in what order. */
export interface Step extends StepDefinition {
  interface: InterfaceKind;
}

const registry = new WeakMap<object, Map<StepKind, StepDefinition[]>>();

function stepDecorator(kind: StepKind, options: StepOptions) {
  return (target: object, propertyKey: string, _descriptor: PropertyDescriptor): void => {
    const byKind = registry.get(target) ?? new Map<StepKind, StepDefinition[]>();
    const list = byKind.get(kind) ?? [];
    const definition: StepDefinition = { step: propertyKey, priority: options.priority, argsinfo: options.argsinfo ?? null, abortable: options.abortable ?? false };
    if (kind !== 'deploy') definition.requires_ramdisk = options.requiresRamdisk ?? true;
    list.push(definition);
    byKind.set(kind, list);
    registry.set(target, byKind);
  };
}

/** Marks an interface method as a deploy step (Ironic's `@base.deploy_step`). */
export const deployStep = (options: StepOptions) => stepDecorator('deploy', options);
/** Marks an interface method as a clean step (Ironic's `@base.clean_step`). */
export const cleanStep = (options: StepOptions) => stepDecorator('clean', options);
/** Marks an interface method as a service step, run on an active node by the `service` verb (API 1.87, Ironic's `@base.service_step`). */
export const serviceStep = (options: StepOptions) => stepDecorator('service', options);

/** The steps an implementation declares, including inherited ones (a subclass may override a step by name). */
export function stepsOf(implementation: object, kind: StepKind, iface: InterfaceKind): Step[] {
  const found = new Map<string, Step>();
  for (let proto = Object.getPrototypeOf(implementation) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const def of registry.get(proto)?.get(kind) ?? []) {
      if (!found.has(def.step)) found.set(def.step, { ...def, interface: iface });
    }
  }
  return [...found.values()];
}

/**
 * Orders steps as the conductor runs them: by priority, highest first; equal priorities by
 * Ironic's interface order (deploy before bios, …) so that runs are deterministic.
 */
const INTERFACE_ORDER: InterfaceKind[] = ['power', 'management', 'firmware', 'deploy', 'bios', 'raid', 'boot', 'inspect', 'network', 'rescue', 'storage', 'console', 'vendor'];
export function sortSteps(steps: Step[]): Step[] {
  return [...steps].sort(
    (a, b) => b.priority - a.priority || INTERFACE_ORDER.indexOf(a.interface) - INTERFACE_ORDER.indexOf(b.interface) || a.step.localeCompare(b.step),
  );
}
