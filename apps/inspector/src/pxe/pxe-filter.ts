/** What the filter needs to know at each sync (§6's inputs). */
export interface FilterInputs {
  /** Every port MAC Ferrum knows. */
  knownMacs: Set<string>;
  /** MACs of nodes under introspection now. */
  activeMacs: Set<string>;
  /** Unknown MACs may boot (something is being inspected, or discovery is on, and unknown MACs are not denied). */
  allowUnknown: boolean;
}

/** A PXE filter driver: `dnsmasq` (per-MAC files) or `noop`. */
export interface PxeFilter {
  init(): Promise<void>;
  sync(inputs: FilterInputs): Promise<void>;
}

export class NoopPxeFilter implements PxeFilter {
  async init(): Promise<void> {}
  async sync(): Promise<void> {}
}
