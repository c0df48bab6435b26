import { Inject, Injectable } from '@nestjs/common';
import { INTERFACE_KINDS, InterfaceKind } from '@ferrum/contracts';
import { DriverNotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ApiConfig } from '../api.config';
import { CONFIG, REPOS } from '../tokens';

/** What alive conductors registered for one hardware type. */
export interface ActiveDriver {
  name: string;
  /** Hostnames of the alive conductors offering it, sorted. */
  hosts: string[];
  /** Per interface type: the enabled implementations (sorted) and the default, if any conductor flagged one. */
  interfaces: Record<InterfaceKind, { default: string | null; enabled: string[] }>;
}

/**
 * The active hardware types, computed from the conductor registration rows joined with alive
 * conductors (§11, §15.2): no conductor is asked, so listing drivers works while all are busy.
 */
@Injectable()
export class DriverCatalog {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(): Promise<ActiveDriver[]> {
    const rows = await this.repos.conductors.listOfferedByAlive(this.config.heartbeatTimeoutS);
    const byName = new Map<string, ActiveDriver>();
    for (const row of rows) {
      let driver = byName.get(row.hardware_type);
      if (!driver) {
        driver = { name: row.hardware_type, hosts: [], interfaces: emptyInterfaces() };
        byName.set(row.hardware_type, driver);
      }
      if (!driver.hosts.includes(row.hostname)) driver.hosts.push(row.hostname);
      const iface = driver.interfaces[row.interface_type as InterfaceKind] as ActiveDriver['interfaces'][InterfaceKind] | undefined;
      // A row for an interface type this API does not know (a newer conductor) is not shown rather than failing the list.
      if (!iface) continue;
      if (!iface.enabled.includes(row.interface_name)) iface.enabled.push(row.interface_name);
      // Ironic assumes every conductor agrees on the default; the last flagged row wins, as there.
      if (row.is_default) iface.default = row.interface_name;
    }
    for (const driver of byName.values()) {
      driver.hosts.sort();
      for (const iface of Object.values(driver.interfaces)) iface.enabled.sort();
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** @throws DriverNotFound (404) when no alive conductor offers the hardware type. */
  async get(name: string): Promise<ActiveDriver> {
    const driver = (await this.list()).find((d) => d.name === name);
    if (!driver) throw new DriverNotFound({ driver: name });
    return driver;
  }
}

function emptyInterfaces(): ActiveDriver['interfaces'] {
  return Object.fromEntries(INTERFACE_KINDS.map((k) => [k, { default: null, enabled: [] }])) as unknown as ActiveDriver['interfaces'];
}
