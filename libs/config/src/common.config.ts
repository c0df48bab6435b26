import { RELEASE_API_MAXIMUM } from '@ferrum/contracts';
import { z } from 'zod';
import { agentServerOptions } from './agent-server.config';
import { authOptions } from './auth.config';
import { httpLimitOptions, tlsOptions } from './http-limits.config';
import { driverOptions } from './driver.config';
import { eventOptions } from './events.config';
import { inspectorOptions } from './inspector.config';
import { labOptions } from './lab.config';
import { option, port } from './option';
import { profileOptions } from './profile';

export { inspectorOptions };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** Options every server role reads: where the database and the message bus are. */
export const commonOptions = {
  databaseUrl: option(
    'DATABASE_URL',
    z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    'PostgreSQL connection URL (postgres://user:pass@host:5432/db). Unset: embedded PGlite in FERRUM_DB_DIR.',
  ),
  dbDir: option(
    'FERRUM_DB_DIR',
    z.string().min(1).default('./.ferrum/db'),
    'PGlite data directory when DATABASE_URL is unset; memory:// keeps the database in memory only.',
  ),
  natsUrl: option(
    'NATS_URL',
    z.string().regex(/^(nats|tls|wss?):\/\/.+/, 'expected nats://host:port').optional(),
    'NATS server URL (nats://host:4222). Unset: in-process transport (all roles must then run in one process).',
  ),
  natsTlsCaFile: option('FERRUM_NATS_TLS_CA_FILE', z.string().min(1).optional(), "CA bundle that signed the NATS server's certificate (a private CA); TLS to NATS with it. A publicly trusted server needs only tls:// in NATS_URL."),
  natsTlsCertFile: option('FERRUM_NATS_TLS_CERT_FILE', z.string().min(1).optional(), 'Client certificate for a NATS server that verifies clients (mutual TLS); with FERRUM_NATS_TLS_KEY_FILE.'),
  natsTlsKeyFile: option('FERRUM_NATS_TLS_KEY_FILE', z.string().min(1).optional(), 'Private key of FERRUM_NATS_TLS_CERT_FILE.'),
  natsCredsFile: option('FERRUM_NATS_CREDS_FILE', z.string().min(1).optional(), 'NATS credentials file (user JWT and nkey seed, as nsc writes it) for decentralised NATS auth.'),
  natsNkeySeedFile: option('FERRUM_NATS_NKEY_SEED_FILE', z.string().min(1).optional(), 'File holding an nkey user seed (SU…) for nkey authentication to NATS. User and password go in NATS_URL instead.'),
  natsNamespace: option(
    'FERRUM_NATS_NAMESPACE',
    z.string().regex(/^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$/, 'expected NATS subject tokens (letters, digits, "_", "-", dot-separated)').default(''),
    'Prefix for every NATS subject, so several Ferrum installations (or test runs) can share one NATS server. Empty: none.',
  ),
  rpcTimeoutMs: option(
    'FERRUM_RPC_TIMEOUT_MS',
    z.coerce.number().int().min(100).max(600_000).default(60_000),
    'How long the API waits for a conductor reply before answering 504 RpcTimeout.',
  ),
  logLevel: option('FERRUM_LOG_LEVEL', z.enum(LOG_LEVELS).default('info'), 'pino log level.'),
  logFormat: option(
    'FERRUM_LOG_FORMAT',
    z.enum(LOG_FORMATS).default('auto'),
    'json (one JSON object a line), pretty (time, level, service, message, then key=value fields; errors with their stack), or auto: pretty when stdout is a terminal and CI is unset, JSON otherwise (Kubernetes, pipes, tests).',
  ),
  ...profileOptions,
  ...eventOptions,
  inspectorSubject: option(
    'FERRUM_INSPECTOR_SUBJECT',
    z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected NATS subject tokens').default('ferrum.inspector'),
    'NATS subject prefix (and queue group) of the inspectors conductors call; give a set of inspectors its own to split them.',
  ),
  role: option(
    'FERRUM_ROLE',
    z.enum(['all', 'api', 'conductor', 'inspector', 'pxe-filter', 'migrate', 'lab']).default('all'),
    'What this process runs (overridden by --role): all (one process, embedded defaults), api, conductor, inspector, pxe-filter (only the PXE filter and its dnsmasq, beside a dnsmasq host; set FERRUM_PXE_FILTER=noop on the inspectors then), or migrate (bring the schema to head and exit); lab runs simulated machines beside a Ferrum (its own options below).',
  ),
  autoMigrate: option(
    'FERRUM_AUTO_MIGRATE',
    z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    'Run database migrations at start-up (safe with several processes: they queue on an advisory lock). Set false when a separate migrate job does it.',
  ),
  heartbeatTimeoutS: option(
    'FERRUM_HEARTBEAT_TIMEOUT_S',
    z.coerce.number().min(1).max(3600).default(15),
    'A conductor whose last heartbeat is older than this is dead: its nodes move to others on the hash ring and its locks are cleared.',
  ),
};

export const apiOptions = {
  apiHost: option('FERRUM_API_HOST', z.string().min(1).default('127.0.0.1'), 'Address the API listens on.'),
  apiPort: option('FERRUM_API_PORT', port(6385), 'Port the API listens on (Ironic default 6385).'),
  pinReleaseVersion: option(
    'FERRUM_PIN_RELEASE_VERSION',
    z.enum(Object.keys(RELEASE_API_MAXIMUM) as [string, ...string[]]).optional(),
    'Ironic [DEFAULT]pin_release_version: serve the API as that Ironic release or series did (2023.1 or 21.4: at most 1.82), advertising its maximum and refusing newer microversions. Unset: Ferrum\'s own maximum.',
  ),
  publicUrl: option(
    'FERRUM_PUBLIC_URL',
    z.url().optional(),
    'Base URL used in links and next-page URLs. Unset: http://FERRUM_API_HOST:FERRUM_API_PORT.',
  ),
  maxLimit: option(
    'FERRUM_MAX_LIMIT',
    z.coerce.number().int().min(1).max(100_000).default(1000),
    'Largest page a list returns; also the page size when no limit is given.',
  ),
  ringCacheS: option(
    'FERRUM_HASH_RING_RESET_INTERVAL_S',
    z.coerce.number().min(0).max(3600).default(5),
    'How long the API reuses the conductor hash ring before re-reading live conductors.',
  ),
};

export const conductorOptions = {
  hostname: option(
    'FERRUM_CONDUCTOR_HOSTNAME',
    z.string().regex(/^[A-Za-z0-9._-]{1,255}$/, 'expected a hostname').optional(),
    'Name this conductor registers under and writes into node reservations. Unset: the machine hostname.',
  ),
  conductorGroup: option(
    'FERRUM_CONDUCTOR_GROUP',
    z.string().regex(/^[A-Za-z0-9_.-]{0,255}$/, 'expected letters, digits, ".", "_" or "-"').default('').transform((s) => s.toLowerCase()),
    'Conductor group this conductor serves; nodes with the same conductor_group are routed only to it and its peers.',
  ),
  heartbeatIntervalS: option(
    'FERRUM_HEARTBEAT_INTERVAL_S',
    z.coerce.number().min(0.1).max(600).default(10),
    'How often a conductor writes its heartbeat and looks for dead peers.',
  ),
  workersPoolSize: option(
    'FERRUM_WORKERS_POOL_SIZE',
    z.coerce.number().int().min(1).max(10_000).default(100),
    'Background jobs (power actions…) a conductor runs at once; one more gets 503 NoFreeConductorWorker.',
  ),
  nodeHistoryMaxEntries: option(
    'FERRUM_NODE_HISTORY_MAX_ENTRIES',
    z.coerce.number().int().min(0).max(100_000).default(300),
    "Entries of a node's history (GET /v1/nodes/{n}/history) kept per node, the oldest dropped first; 0 records none (Ironic's [conductor]node_history_max_entries).",
  ),
  lockRetryAttempts: option(
    'FERRUM_NODE_LOCKED_RETRY_ATTEMPTS',
    z.coerce.number().int().min(0).max(100).default(3),
    'How many more times a conductor tries to lock a reserved node before answering 409 NodeLocked.',
  ),
  lockRetryIntervalMs: option(
    'FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS',
    z.coerce.number().int().min(1).max(60_000).default(1000),
    'Base wait between lock attempts (grows with each attempt, with jitter).',
  ),
  enabledHardwareTypes: option(
    'FERRUM_ENABLED_HARDWARE_TYPES',
    z.string().default('fake-hardware,manual-management,ipmi,redfish').pipe(z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))).pipe(z.array(z.string()).min(1)),
    'Comma-separated hardware types this conductor offers (Ironic enables ipmi and redfish by default; fake-hardware and manual-management need no BMC).',
  ),
  syncPowerStateIntervalS: option(
    'FERRUM_SYNC_POWER_STATE_INTERVAL_S',
    z.coerce.number().min(0).max(86_400).default(60),
    'How often a conductor compares the power state of its nodes with the hardware (0 turns the sync off).',
  ),
  syncPowerStateWorkers: option(
    'FERRUM_SYNC_POWER_STATE_WORKERS',
    z.coerce.number().int().min(1).max(1000).default(8),
    'How many nodes the power sync asks their BMCs about at once.',
  ),
  forcePowerStateDuringSync: option(
    'FERRUM_FORCE_POWER_STATE_DURING_SYNC',
    z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    'When the hardware disagrees with the recorded power state: true puts the hardware back (Ironic default), false records what the hardware says.',
  ),
  enableHealthMonitoring: option(
    'FERRUM_ENABLE_HEALTH_MONITORING',
    z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    "Ironic's [conductor]enable_health_monitoring: the power sync also reads the hardware's health from BMCs that report it (redfish) into the node's health (API 1.109), recording each change in the node's history.",
  ),
  powerStateSyncMaxRetries: option(
    'FERRUM_POWER_STATE_SYNC_MAX_RETRIES',
    z.coerce.number().int().min(0).max(100).default(3),
    'Failed attempts to force a node back to its recorded power state before it is put in maintenance (fault "power failure").',
  ),
  checkAllocationsIntervalS: option(
    'FERRUM_CHECK_ALLOCATIONS_INTERVAL_S',
    z.coerce.number().min(0).max(86_400).default(60),
    "How often a conductor takes over allocations left `allocating` by a conductor that died (or by its own previous run) and finishes them; 0 turns it off (Ironic's [conductor]check_allocations_interval).",
  ),
  checkProvisionStateIntervalS: option(
    'FERRUM_CHECK_PROVISION_STATE_INTERVAL_S',
    z.coerce.number().min(0).max(86_400).default(60),
    'How often a conductor looks for nodes waiting too long for a callback (0 turns the check off).',
  ),
  deployCallbackTimeoutS: option(
    'FERRUM_DEPLOY_CALLBACK_TIMEOUT_S',
    z.coerce.number().min(1).max(604_800).default(1800),
    'A node in "wait call-back" longer than this goes to "deploy failed".',
  ),
  inspectWaitTimeoutS: option(
    'FERRUM_INSPECT_WAIT_TIMEOUT_S',
    z.coerce.number().min(1).max(604_800).default(1800),
    'A node in "inspect wait" longer than this goes to "inspect failed".',
  ),
  cleanCallbackTimeoutS: option(
    'FERRUM_CLEAN_CALLBACK_TIMEOUT_S',
    z.coerce.number().min(1).max(604_800).default(1800),
    'A node in "clean wait" longer than this goes to "clean failed".',
  ),
  rescueCallbackTimeoutS: option(
    'FERRUM_RESCUE_CALLBACK_TIMEOUT_S',
    z.coerce.number().min(1).max(604_800).default(1800),
    'A node in "rescue wait" longer than this goes to "rescue failed".',
  ),
  serviceCallbackTimeoutS: option(
    'FERRUM_SERVICE_CALLBACK_TIMEOUT_S',
    z.coerce.number().min(1).max(604_800).default(1800),
    'A node in "service wait" longer than this goes to "service failed" (Ironic [conductor]service_callback_timeout).',
  ),
  automatedClean: option(
    'FERRUM_AUTOMATED_CLEAN',
    z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    'Ironic\'s [conductor]automated_clean: whether provide and undeploy clean a node whose own automated_clean is unset.',
  ),
  healthHost: option(
    'FERRUM_CONDUCTOR_HEALTH_HOST',
    z.string().min(1).default('127.0.0.1'),
    'Address of the conductor\'s /healthz, /readyz and /metrics endpoints (0.0.0.0 in a pod, so the kubelet and Prometheus reach them).',
  ),
  healthPort: option(
    'FERRUM_CONDUCTOR_HEALTH_PORT',
    z.coerce.number().int().min(0).max(65535).default(0),
    'Port of the conductor\'s /healthz, /readyz and /metrics endpoints; 0 turns them off (with --role all the API port serves them for every role).',
  ),
  drainTimeoutS: option(
    'FERRUM_CONDUCTOR_DRAIN_TIMEOUT_S',
    z.coerce.number().min(0).max(3600).default(30),
    'On SIGTERM, how long a conductor waits for running jobs before it deregisters anyway; peers then take over the nodes it still holds. Keep it under the pod\'s terminationGracePeriodSeconds.',
  ),
  fakeVendorDelayMs: option(
    'FERRUM_FAKE_VENDOR_DELAY_MS',
    z.coerce.number().int().min(0).max(600_000).default(0),
    'How long the fake vendor interface\'s async methods take, to watch locks and the worker pool.',
  ),
  inspectorEnabled: option(
    'FERRUM_INSPECTOR_ENABLED',
    z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    'The inspector inspect interface reaches an inspector over the transport; false makes it fail validation.',
  ),
  inspectorStatusCheckPeriodS: option(
    'FERRUM_INSPECTOR_STATUS_CHECK_PERIOD_S',
    z.coerce.number().min(0).max(86_400).default(60),
    'How often a conductor asks the inspector about its nodes in "inspect wait" (a safety net: the inspector reports the end itself; 0 turns it off).',
  ),
  fakePowerDelayMs: option(
    'FERRUM_FAKE_POWER_DELAY_MS',
    z.coerce.number().int().min(0).max(600_000).default(0),
    'How long the fake power interface takes per action (Ironic fake drivers sleep too), to watch locks and target_power_state.',
  ),
  ...agentServerOptions,
};


export const agentOptions = {
  agentHost: option('FERRUM_AGENT_HOST', z.string().min(1).default('0.0.0.0'), 'Address the agent command API listens on.'),
  agentPort: option('FERRUM_AGENT_PORT', port(9999), 'Port of the agent command API (IPA default 9999).'),
};

export const allOptions = { ...commonOptions, ...authOptions, ...httpLimitOptions, ...tlsOptions, ...apiOptions, ...conductorOptions, ...driverOptions, ...inspectorOptions, ...agentOptions };

/** Options by the role that reads them, for the README's table. */
export const optionGroups = {
  'all roles': commonOptions,
  api: apiOptions,
  'api and inspector (authentication)': authOptions,
  'api and inspector (limits)': httpLimitOptions,
  'api and inspector (TLS)': tlsOptions,
  conductor: conductorOptions,
  'conductor (drivers)': driverOptions,
  inspector: inspectorOptions,
  agent: agentOptions,
  'lab (npm run lab)': labOptions,
};
