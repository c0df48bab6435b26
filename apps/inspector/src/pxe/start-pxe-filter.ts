import type { Logger } from '@ferrum/logging';
import type { Observability } from '@ferrum/observability';
import type { Repositories } from '@ferrum/persistence';
import type { InspectorConfig } from '../inspector.config';
import { DnsmasqFilter } from './dnsmasq-filter';
import { DnsmasqProcess, hostsdirUnreadable } from './dnsmasq-process';
import { NoopPxeFilter } from './pxe-filter';
import { PxeFilterService } from './pxe-filter.service';

/** The PXE filter as configured: one construction for the inspector and for `--role pxe-filter`. */
export function createPxeFilterService(config: InspectorConfig, repos: Repositories, logger: Logger, observability?: Observability): PxeFilterService {
  return new PxeFilterService(
    config.pxeFilter === 'dnsmasq' ? new DnsmasqFilter(config.pxeFilterHostsdir, config.pxeFilterPurgeHostsdir) : new NoopPxeFilter(),
    repos,
    {
      enabled: config.pxeFilter !== 'noop',
      syncPeriodS: config.pxeFilterSyncPeriodS,
      denyUnknownMacs: config.pxeFilterDenyUnknownMacs,
      discovery: config.inspectorDiscovery || config.autoDiscoveryEnabled,
      observe: (seconds, outcome) => {
        if (outcome === 'ok') observability?.metrics.dnsmasqSync.observe(seconds);
      },
    },
    logger,
  );
}

/** Fails, naming the option, when the managed dnsmasq could not read the filter's hosts directory (it would answer every MAC). */
export async function assertDnsmasqCanReadHostsdir(config: InspectorConfig): Promise<void> {
  const unreadable = config.dnsmasqManaged ? await hostsdirUnreadable(config.pxeFilterHostsdir) : undefined;
  if (unreadable) throw new Error(`FERRUM_PXE_FILTER_HOSTSDIR=${config.pxeFilterHostsdir}: ${unreadable}`);
}

/**
 * The managed dnsmasq (FERRUM_DNSMASQ_MANAGED), started — call it after the filter's first sync, so it never
 * answers a MAC it should ignore. Refuses to start one that could not read the filter's hosts directory (it would
 * answer every MAC). @returns undefined when dnsmasq runs beside Ferrum instead
 */
export async function startManagedDnsmasq(config: InspectorConfig, logger: Logger, ipxeBaseUrl: string): Promise<DnsmasqProcess | undefined> {
  if (!config.dnsmasqManaged) return undefined;
  await assertDnsmasqCanReadHostsdir(config);
  const dnsmasq = new DnsmasqProcess(
    {
      command: config.dnsmasqCommand,
      interface: config.dnsmasqInterface,
      dhcpRange: config.dnsmasqDhcpRange,
      hostsdir: config.pxeFilterHostsdir,
      dataDir: config.dnsmasqDataDir,
      tftpRoot: config.dnsmasqTftpRoot,
      ipxeScriptUrl: `${ipxeBaseUrl.replace(/\/+$/, '')}/boot.ipxe`,
    },
    logger,
  );
  dnsmasq.start();
  return dnsmasq;
}

/**
 * `--role pxe-filter` (Ironic's ironic-pxe-filter service): keeps dnsmasq's hosts directory in step with
 * the database — ports of nodes being inspected (either inspect interface) or network-booted for deploy,
 * cleaning or rescue are let through, other known MACs refused, unknown ones allowed while something is
 * inspected or discovery is on. Reads the database only; the iPXE script stays the inspector's to serve.
 */
export async function startPxeFilter(deps: { config: InspectorConfig; repos: Repositories; logger: Logger }): Promise<{ close(): Promise<void> }> {
  const logger = deps.logger.child({ component: 'pxe-filter' });
  const filter = createPxeFilterService(deps.config, deps.repos, logger);
  const ipxeBase = deps.config.inspectorCallbackUrl ?? `http://${deps.config.inspectorHost}:${deps.config.inspectorPort}`;
  await filter.start();
  const dnsmasq = await startManagedDnsmasq(deps.config, logger, ipxeBase);
  logger.info({ hostsdir: deps.config.pxeFilterHostsdir, dnsmasq: dnsmasq ? 'managed' : 'external', syncPeriodS: deps.config.pxeFilterSyncPeriodS }, 'PXE filter running');
  return {
    close: async () => {
      await dnsmasq?.stop();
      await filter.stop();
    },
  };
}
