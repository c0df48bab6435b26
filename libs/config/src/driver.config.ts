import { INTERFACE_KINDS, InterfaceKind } from '@ferrum/contracts';
import { z } from 'zod';
import { bmcOptions } from './bmc.config';
import { consoleOptions } from './console.config';
import { raidOptions } from './raid.config';
import { ConfigOf, Option, option } from './option';

export { raidStepPriorities } from './raid.config';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();

const enabledKey = (kind: InterfaceKind) => `enabled_${kind}_interfaces` as const;
const defaultKey = (kind: InterfaceKind) => `default_${kind}_interface` as const;

type KindOptions = Record<ReturnType<typeof enabledKey>, Option<typeof list>> &
  Record<ReturnType<typeof defaultKey>, Option<z.ZodOptional<z.ZodString>> | Option<z.ZodDefault<z.ZodString>>>;

/** `FERRUM_ENABLED_<KIND>_INTERFACES` and `FERRUM_DEFAULT_<KIND>_INTERFACE` for every interface kind (Ironic §15.2). */
export const driverOptions = {
  ...(Object.fromEntries(
    INTERFACE_KINDS.flatMap((kind) => [
      [
        enabledKey(kind),
        option(
          `FERRUM_ENABLED_${kind.toUpperCase()}_INTERFACES`,
          list,
          `Comma-separated ${kind} interface implementations this conductor enables. Unset: every one Ferrum has.`,
        ),
      ],
      [
        defaultKey(kind),
        kind === 'storage'
          ? option(
              'FERRUM_DEFAULT_STORAGE_INTERFACE',
              z.string().min(1).default('noop'),
              'Default storage interface for new nodes (Ironic defaults it to noop, even for fake-hardware).',
            )
          : option(
              `FERRUM_DEFAULT_${kind.toUpperCase()}_INTERFACE`,
              z.string().min(1).optional(),
              `Default ${kind} interface for new nodes. Unset: the first enabled one in the hardware type's list.`,
            ),
      ],
    ]),
  ) as KindOptions),
  driverPlugins: option(
    'FERRUM_DRIVER_PLUGINS',
    z.string().default('').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
    'Comma-separated npm packages that add hardware types or interfaces; each exports register(api). Loaded at conductor start.',
  ),
  ...bmcOptions,
  ...consoleOptions,
  ...raidOptions,
};

export type DriverConfig = ConfigOf<typeof driverOptions>;

/** The per-kind options gathered into the two maps the driver registry takes. */
export function interfaceSettings(config: DriverConfig): {
  enabledInterfaces: Partial<Record<InterfaceKind, string[]>>;
  defaultInterfaces: Partial<Record<InterfaceKind, string>>;
} {
  const enabledInterfaces: Partial<Record<InterfaceKind, string[]>> = {};
  const defaultInterfaces: Partial<Record<InterfaceKind, string>> = {};
  for (const kind of INTERFACE_KINDS) {
    const enabled = config[enabledKey(kind)];
    if (enabled?.length) enabledInterfaces[kind] = enabled;
    const def = config[defaultKey(kind)];
    if (def) defaultInterfaces[kind] = def;
  }
  return { enabledInterfaces, defaultInterfaces };
}
