import type { FerrumError } from '@ferrum/errors';

/**
 * An error Ironic's router raises rather than its handlers (§3.1): rendered with
 * `code/title/description` instead of `faultcode/faultstring`. Only the HTTP edge raises these.
 */
export class FrameworkError extends Error {
  constructor(
    readonly status: number,
    readonly description: string | null,
    /** True when Ironic answers it before its request-id and version middleware (no such headers). */
    readonly bare = false,
  ) {
    super(description ?? String(status));
    this.name = 'FrameworkError';
  }
}

/**
 * A domain error answered with another status at one route, as Ironic does for a *referenced*
 * resource that does not exist (a port's node_uuid: 400, not 404). The message stays the same.
 */
export class RecodedError extends Error {
  constructor(
    readonly error: FerrumError,
    readonly status: number,
  ) {
    super(error.message);
    this.name = 'RecodedError';
  }
}
