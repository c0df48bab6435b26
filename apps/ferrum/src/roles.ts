import { authProblems } from '@ferrum/auth';
import type { allOptions, ConfigOf } from '@ferrum/config';
import { tlsProblems } from '@ferrum/http';

export type Role = 'all' | 'api' | 'conductor' | 'inspector' | 'pxe-filter' | 'migrate' | 'lab';
export type FerrumConfig = ConfigOf<typeof allOptions>;

/** `--role X` or `--role=X` on the command line wins over FERRUM_ROLE. */
export function roleFromArgs(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

/**
 * Settings that are each valid alone but not together. Split roles talk to each other, so they
 * need the shared database and bus; the embedded ones only exist inside one process.
 */
export function crossCheck(role: Role, config: FerrumConfig): string[] {
  const problems: string[] = [];
  if (config.heartbeatTimeoutS <= config.heartbeatIntervalS) {
    problems.push(
      `FERRUM_HEARTBEAT_TIMEOUT_S=${config.heartbeatTimeoutS}: must be longer than FERRUM_HEARTBEAT_INTERVAL_S=${config.heartbeatIntervalS}, or live conductors are declared dead`,
    );
  }
  if (config.pxeFilterDenyUnknownMacs && config.inspectorDiscovery) {
    problems.push('FERRUM_PXE_FILTER_DENY_UNKNOWN_MACS=true: discovery (FERRUM_INSPECTOR_DISCOVERY=true) needs unknown machines to PXE-boot');
  }
  if (config.pxeFilterDenyUnknownMacs && config.autoDiscoveryEnabled) {
    problems.push('FERRUM_PXE_FILTER_DENY_UNKNOWN_MACS=true: auto-discovery (FERRUM_AUTO_DISCOVERY_ENABLED=true) needs unknown machines to PXE-boot');
  }
  if (role === 'pxe-filter' && config.pxeFilter === 'noop') {
    problems.push('FERRUM_PXE_FILTER=noop: --role pxe-filter would have nothing to do; set it to dnsmasq');
  }
  if (config.inspectorAddPorts === 'disabled' && config.inspectorKeepPorts === 'added') {
    problems.push('FERRUM_INSPECTOR_KEEP_PORTS=added: with FERRUM_INSPECTOR_ADD_PORTS=disabled it would delete every port');
  }
  // Who may call the listeners this process opens.
  const listeners = [
    ...(role === 'all' || role === 'api' ? [{ env: 'FERRUM_API_HOST', host: config.apiHost }] : []),
    ...(role === 'all' || role === 'inspector' ? [{ env: 'FERRUM_INSPECTOR_HOST', host: config.inspectorHost }] : []),
    ...((role === 'all' || role === 'inspector') && config.inspectorCallbackHost ? [{ env: 'FERRUM_INSPECTOR_CALLBACK_HOST', host: config.inspectorCallbackHost }] : []),
  ];
  if (listeners.length) {
    problems.push(...tlsProblems(config));
    // Mutual TLS authenticates every client by its certificate: noauth behind it is not open to anyone.
    problems.push(...authProblems({ ...config, allowInsecureNoauth: config.allowInsecureNoauth || !!config.tlsClientCaFile }, listeners));
  }
  if (role !== 'all' && role !== 'migrate' && role !== 'lab') {
    // The PXE filter reads the database only; it calls no other role.
    if (!config.natsUrl && role !== 'pxe-filter') problems.push(`NATS_URL=(unset): --role ${role} runs apart from the other roles and needs NATS to reach them`);
    if (!config.databaseUrl) problems.push(`DATABASE_URL=(unset): --role ${role} needs PostgreSQL shared with the other roles (PGlite is one process only)`);
  }
  return problems;
}

/** What start-up says about authentication: noauth is announced, with where it listens. */
export function authBanner(role: Role, config: FerrumConfig): string {
  if (config.authStrategy === 'noauth') {
    const hosts = [role !== 'inspector' ? config.apiHost : undefined, role !== 'api' ? config.inspectorHost : undefined].filter(Boolean).join(', ');
    return `authentication is off (FERRUM_AUTH_STRATEGY=noauth): every caller is an administrator; listening on ${hosts}`;
  }
  return `callers authenticate with ${config.authStrategy}`;
}
