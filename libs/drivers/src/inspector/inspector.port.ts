/** Whose processing a run gets: ironic-inspector's (`inspector`) or Ironic's built-in inspection (`agent`). */
export type InspectionDialect = 'inspector' | 'agent';

/** What the conductor tells the `inspector` inspect interface about a node's introspection. */
export interface InspectorStatus {
  finished: boolean;
  /** Set when the introspection failed, timed out or was aborted. */
  error: string | null;
}

/**
 * The inspector service as the `inspector` inspect interface sees it. The conductor implements it over
 * its transport and injects it through the catalog options: this lib knows nothing of NATS (STYLE §2).
 */
export interface InspectorPort {
  /**
   * Starts introspection of the node (ironic-inspector's `POST /v1/introspection/<uuid>`). With
   * `manageBoot` the inspector sets PXE boot and reboots the node itself once this call returned.
   * @throws domain errors of the inspector (Invalid when it refuses the node), TemporaryFailure when none answers
   */
  start(nodeUuid: string, options: { manageBoot: boolean; dialect: InspectionDialect }): Promise<void>;
  /** Aborts a running introspection; the inspector powers the node off in the background. */
  abort(nodeUuid: string): Promise<void>;
  /** The introspection's status, or null if the inspector never saw the node. */
  status(nodeUuid: string): Promise<InspectorStatus | null>;
}
