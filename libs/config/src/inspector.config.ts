import { z } from 'zod';
import { cidrMapError } from './cidr-map';
import { option, port } from './option';

const bool = (def: boolean) => z.enum(['true', 'false']).default(def ? 'true' : 'false').transform((v) => v === 'true');
const list = (def: string) => z.string().default(def).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const PROCESSING_HOOKS = ['ramdisk_error', 'root_disk_selection', 'scheduler', 'validate_interfaces', 'capabilities'] as const;

/** Ironic's inspection hooks ([inspector]hooks) that Ferrum has, for runs of the `agent` inspect interface. */
export const INSPECTION_HOOKS = [
  'ramdisk-error',
  'validate-interfaces',
  'ports',
  'architecture',
  'memory',
  'cpus',
  'root-device',
  'cpu-capabilities',
  'boot-mode',
  'pci-devices',
  'local-link-connection',
  'parse-lldp',
  'physical-network',
  'raid-device',
  'accelerators',
  'extra-hardware',
] as const;
/** Hooks that need another one earlier in the list (Ironic's hook `dependencies`). */
const HOOK_NEEDS: Partial<Record<(typeof INSPECTION_HOOKS)[number], (typeof INSPECTION_HOOKS)[number]>> = {
  ports: 'validate-interfaces',
  'local-link-connection': 'validate-interfaces',
  'physical-network': 'validate-interfaces',
};

/** One [inspector]pci_device_alias entry: exactly these three keys, as Ironic requires. */
const pciAlias = z.strictObject({ vendor_id: z.string().min(1), product_id: z.string().min(1), name: z.string().min(1) });
/** A JSON array in an environment variable (Ironic's MultiStrOpt of JSON strings has no one-line form). */
const jsonArray = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .default('[]')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item));

/** The inspector (ironic-inspector): API, ramdisk callback, processing, discovery, PXE filter and dnsmasq. */
export const inspectorOptions = {
  inspectorHost: option('FERRUM_INSPECTOR_HOST', z.string().min(1).default('127.0.0.1'), 'Address the inspector listens on.'),
  inspectorPort: option('FERRUM_INSPECTOR_PORT', port(5050), 'Port the inspector listens on (ironic-inspector default 5050).'),
  inspectorCallbackHost: option(
    'FERRUM_INSPECTOR_CALLBACK_HOST',
    z.string().min(1).optional(),
    'Address of a second listener on the provisioning network that serves only the ramdisk callback (/v1/continue) and the iPXE script. Unset: the main listener serves them.',
  ),
  inspectorCallbackPort: option('FERRUM_INSPECTOR_CALLBACK_PORT', port(5050), 'Port of the callback listener when FERRUM_INSPECTOR_CALLBACK_HOST is set.'),
  inspectorCallbackUrl: option(
    'FERRUM_INSPECTOR_CALLBACK_URL',
    z.url().optional(),
    'Base URL ramdisks reach the inspector at (put in ipa-inspection-callback-url as <url>/v1/continue). Unset: the callback listener\'s own URL.',
  ),
  inspectorTimeoutS: option(
    'FERRUM_INSPECTOR_TIMEOUT_S',
    z.coerce.number().min(0).max(604_800).default(3600),
    'An introspection not finished after this long ends in error "Introspection timeout" (0: never).',
  ),
  inspectorCleanUpPeriodS: option(
    'FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S',
    z.coerce.number().min(0).max(86_400).default(60),
    'How often the inspector looks for timed-out introspections (0 turns the sweep off).',
  ),
  inspectorIntrospectionDelayS: option(
    'FERRUM_INSPECTOR_INTROSPECTION_DELAY_S',
    z.coerce.number().min(0).max(3600).default(5),
    'Least time between two power-ons the inspector asks for (all nodes together), so a rack does not draw its peak current at once.',
  ),
  inspectorStoreData: option(
    'FERRUM_INSPECTOR_STORE_DATA',
    z.enum(['none', 'database']).default('database'),
    'Where introspection data is kept for GET /v1/introspection/<node>/data: database, or none (ironic-inspector\'s default; Ferrum keeps it).',
  ),
  inspectorRamdiskLogsDir: option(
    'FERRUM_INSPECTOR_RAMDISK_LOGS_DIR',
    z.string().min(1).optional(),
    'Directory where the logs a ramdisk sends (base64 tar.gz) are saved as <node uuid>_<time>.tar.gz when its introspection fails. Unset: not kept.',
  ),
  inspectorAlwaysStoreRamdiskLogs: option(
    'FERRUM_INSPECTOR_ALWAYS_STORE_RAMDISK_LOGS',
    bool(false),
    'Save ramdisk logs for successful introspections too (needs FERRUM_INSPECTOR_RAMDISK_LOGS_DIR).',
  ),
  inspectorProcessingHooks: option(
    'FERRUM_INSPECTOR_PROCESSING_HOOKS',
    list(PROCESSING_HOOKS.join(',')).pipe(z.array(z.enum(PROCESSING_HOOKS))),
    'Comma-separated processing hooks, run in this order (ironic-inspector\'s defaults without pci_devices).',
  ),
  inspectionHooks: option(
    'FERRUM_INSPECTION_HOOKS',
    list('ramdisk-error,validate-interfaces,ports,architecture')
      .pipe(z.array(z.enum(INSPECTION_HOOKS)))
      .superRefine((hooks, ctx) => {
        for (const [i, hook] of hooks.entries()) {
          const needs = HOOK_NEEDS[hook];
          if (needs && !hooks.slice(0, i).includes(needs)) ctx.addIssue({ code: 'custom', message: `hook ${hook} needs ${needs} before it` });
        }
      }),
    "Comma-separated inspection hooks (Ironic's names and defaults) for the agent inspect interface, run in this order; ironic-inspector's runs use FERRUM_INSPECTOR_PROCESSING_HOOKS.",
  ),
  inspectionPciDeviceAlias: option(
    'FERRUM_INSPECTION_PCI_DEVICE_ALIAS',
    jsonArray(pciAlias),
    'Ironic\'s [inspector]pci_device_alias for the pci-devices hook, as a JSON array: [{"vendor_id": "8086", "product_id": "1572", "name": "x710"}]; each found device counts towards capability <name>:<count>.',
  ),
  inspectionPhysicalNetworkCidrMap: option(
    'FERRUM_INSPECTION_PHYSICAL_NETWORK_CIDR_MAP',
    list('').superRefine((items, ctx) => {
      for (const item of items) {
        const error = cidrMapError(item);
        if (error) ctx.addIssue({ code: 'custom', message: error });
      }
    }),
    "Ironic's [inspector]physical_network_cidr_map for the physical-network hook: comma-separated <cidr>:<physical network> (e.g. 10.10.10.0/24:physnet_a,2001:db8::/64:physnet_b); a port gets the first network holding its NIC's IPv4, else IPv6, address.",
  ),
  inspectionKnownAccelerators: option(
    'FERRUM_INSPECTION_KNOWN_ACCELERATORS',
    z.string().min(1).optional(),
    "Ironic's [inspector]known_accelerators for the accelerators hook: a YAML file {pci_devices: [{vendor_id, device_id, type, device_info}]}. Unset: Ironic's bundled list (NVIDIA T4, GV100GL, A10, A40, L40S, L20).",
  ),
  inspectionExtraHardwareStrict: option(
    'FERRUM_INSPECTION_EXTRA_HARDWARE_STRICT',
    bool(false),
    "Ironic's [inspector]extra_hardware_strict for the extra-hardware hook: refuse the ramdisk's extra data when a record is not exactly 4 fields, and drop malformed data instead of keeping it.",
  ),
  inspectionBuiltInRules: option(
    'FERRUM_INSPECTION_BUILT_IN_RULES',
    z.string().min(1).optional(),
    "YAML file of built-in inspection rules (Ironic's [inspection_rules]built_in_rules), applied to the agent inspect interface's runs. Unset: none.",
  ),
  autoDiscoveryEnabled: option(
    'FERRUM_AUTO_DISCOVERY_ENABLED',
    bool(false),
    "Ironic's [auto_discovery]enabled: a callback to /v1/continue_inspection from a machine no node matches enrolls a node for it (and unknown MACs pass the PXE filter).",
  ),
  autoDiscoveryDriver: option('FERRUM_AUTO_DISCOVERY_DRIVER', z.string().min(1).default('fake-hardware'), 'Driver of the nodes auto-discovery enrolls.'),
  autoDiscoveryInspectInterface: option(
    'FERRUM_AUTO_DISCOVERY_INSPECT_INTERFACE',
    z.string().min(1).default('agent'),
    'Inspect interface of the nodes auto-discovery enrolls (Ironic\'s default: agent).',
  ),
  inspectorAddPorts: option(
    'FERRUM_INSPECTOR_ADD_PORTS',
    z.enum(['all', 'active', 'pxe', 'disabled']).default('pxe'),
    'Which NICs get ports: all, active (with an IP), pxe (the boot NIC; active when it is unknown) or disabled.',
  ),
  inspectorKeepPorts: option(
    'FERRUM_INSPECTOR_KEEP_PORTS',
    z.enum(['all', 'present', 'added']).default('all'),
    'Which existing ports survive: all, present (their MAC was reported) or added (only the NICs ports were added for).',
  ),
  inspectorOverwriteExisting: option(
    'FERRUM_INSPECTOR_OVERWRITE_EXISTING',
    bool(false),
    'Replace node properties (cpus, memory_mb, cpu_arch, local_gb) and port pxe_enabled that are already set. Ferrum defaults to false, unlike ironic-inspector: what an operator set is never overwritten.',
  ),
  inspectorPowerOff: option('FERRUM_INSPECTOR_POWER_OFF', bool(true), 'Power the node off once its data is processed.'),
  inspectorBootModeCapability: option(
    'FERRUM_INSPECTOR_BOOT_MODE_CAPABILITY',
    bool(false),
    'Add boot_mode:<bios|uefi> to the node capabilities from the ramdisk\'s boot mode.',
  ),
  inspectorDiscovery: option(
    'FERRUM_INSPECTOR_DISCOVERY',
    bool(false),
    'Enroll a node when a machine nobody is inspecting calls back (discovery). Also lets unknown MACs through the PXE filter.',
  ),
  inspectorPermitActiveIntrospection: option(
    'FERRUM_INSPECTOR_PERMIT_ACTIVE_INTROSPECTION',
    bool(false),
    'Accept data from the ramdisk of an active (or rescued) node nobody is inspecting: its properties are updated, its ports and power left alone.',
  ),
  inspectorDiscoveryDriver: option('FERRUM_INSPECTOR_DISCOVERY_DRIVER', z.string().min(1).default('fake-hardware'), 'Driver of the nodes discovery enrolls.'),
  pxeFilter: option(
    'FERRUM_PXE_FILTER',
    z.enum(['noop', 'dnsmasq']).default('noop'),
    'PXE filter driver: dnsmasq (per-MAC files in FERRUM_PXE_FILTER_HOSTSDIR) or noop (no DHCP filtering).',
  ),
  pxeFilterHostsdir: option(
    'FERRUM_PXE_FILTER_HOSTSDIR',
    z.string().min(1).default('/var/lib/ferrum/dhcp-hostsdir'),
    'The dhcp-hostsdir dnsmasq reads; the filter owns it and writes one file per MAC.',
  ),
  pxeFilterSyncPeriodS: option(
    'FERRUM_PXE_FILTER_SYNC_PERIOD_S',
    z.coerce.number().min(0).max(86_400).default(15),
    'How often the PXE filter rewrites the hosts directory from the database (0: only on introspection start and finish).',
  ),
  pxeFilterDenyUnknownMacs: option(
    'FERRUM_PXE_FILTER_DENY_UNKNOWN_MACS',
    bool(false),
    'Never answer MACs that are not ports of a node under introspection (refused together with discovery).',
  ),
  pxeFilterPurgeHostsdir: option(
    'FERRUM_PXE_FILTER_PURGE_HOSTSDIR',
    bool(true),
    'Empty the hosts directory at start-up, before a managed dnsmasq starts (dnsmasq ignores deletions later).',
  ),
  dnsmasqManaged: option(
    'FERRUM_DNSMASQ_MANAGED',
    bool(false),
    'The inspector starts and supervises dnsmasq itself (restarting it if it exits); false: dnsmasq runs beside it (a sidecar) and only reads the hosts directory.',
  ),
  dnsmasqCommand: option(
    'FERRUM_DNSMASQ_COMMAND',
    z.string().min(1).default('dnsmasq'),
    'Command line that starts the managed dnsmasq (split on spaces; e.g. "ip netns exec prov dnsmasq"); the inspector adds its options.',
  ),
  dnsmasqInterface: option('FERRUM_DNSMASQ_INTERFACE', z.string().min(1).optional(), 'Interface the managed dnsmasq serves DHCP on.'),
  dnsmasqDhcpRange: option(
    'FERRUM_DNSMASQ_DHCP_RANGE',
    z.string().min(1).default('192.0.2.100,192.0.2.199'),
    'dhcp-range of the managed dnsmasq: "first,last[,lease time]".',
  ),
  dnsmasqTftpRoot: option('FERRUM_DNSMASQ_TFTP_ROOT', z.string().min(1).optional(), 'TFTP root of the managed dnsmasq (undionly.kpxe, ipxe.efi). Unset: no TFTP.'),
  dnsmasqDataDir: option(
    'FERRUM_DNSMASQ_DATA_DIR',
    z.string().min(1).default('/var/lib/ferrum/dnsmasq'),
    'Where the managed dnsmasq keeps its lease file and pid file.',
  ),
  ipxeKernelUrl: option('FERRUM_IPXE_KERNEL_URL', z.string().min(1).default('http://127.0.0.1:8080/ironic-agent.kernel'), 'Kernel the iPXE inspection script boots.'),
  ipxeRamdiskUrl: option('FERRUM_IPXE_RAMDISK_URL', z.string().min(1).default('http://127.0.0.1:8080/ironic-agent.initramfs'), 'Ramdisk the iPXE inspection script boots.'),
  ipxeKernelArgs: option('FERRUM_IPXE_KERNEL_ARGS', z.string().default(''), 'Extra kernel arguments for the inspection ramdisk.'),
};
