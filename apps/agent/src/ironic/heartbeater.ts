import { HeartbeatError, heartbeat } from './ironic-client';

export interface HeartbeaterOptions {
  apiUrl: string;
  nodeUuid: string;
  callbackUrl: string;
  agentVersion: string;
  /** The command API's self-signed certificate (automatic TLS), for the conductor to trust. */
  verifyCa?: string;
  token: () => string | null;
  heartbeatTimeoutS: number;
  log: (msg: string) => void;
  /** A fatal token problem (401/400 about the token): the agent locks down. */
  onTokenRejected?: (err: HeartbeatError) => void;
}

const MIN_FORCED_GAP_MS = 5000;
const TICK_MS = 1000;

/**
 * The heartbeat loop (spec §13.6): the first beat at once; after a success the next in heartbeat_timeout ×
 * U(0.3, 0.6); after an error in 5 s × U(1, 2); `force()` (a finished async command) brings the next beat
 * forward, but never closer than 5 s to the previous one. Checked every second.
 */
export class Heartbeater {
  private nextAt = 0;
  private lastAt = 0;
  private timer?: NodeJS.Timeout;
  private forced?: NodeJS.Timeout;
  private beating = false;
  private stopped = false;

  constructor(private readonly options: HeartbeaterOptions) {}

  start(): void {
    this.nextAt = Date.now();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    void this.tick();
  }

  force(): void {
    if (this.stopped) return;
    this.nextAt = Math.min(this.nextAt, this.lastAt + MIN_FORCED_GAP_MS);
    clearTimeout(this.forced);
    this.forced = setTimeout(() => void this.tick(), Math.max(0, this.nextAt - Date.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // A stopped agent (a simulated machine powered off) leaves no timer behind.
    clearTimeout(this.forced);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.beating || Date.now() < this.nextAt) return;
    this.beating = true;
    this.lastAt = Date.now();
    try {
      await heartbeat(this.options.apiUrl, this.options.nodeUuid, {
        callback_url: this.options.callbackUrl,
        ...(this.options.verifyCa ? { agent_verify_ca: this.options.verifyCa } : {}),
        agent_token: this.options.token(),
        agent_version: this.options.agentVersion,
      });
      this.nextAt = Date.now() + this.options.heartbeatTimeoutS * 1000 * (0.3 + Math.random() * 0.3);
    } catch (err) {
      this.options.log(`heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
      if (err instanceof HeartbeatError && err.status === 401) this.options.onTokenRejected?.(err);
      this.nextAt = Date.now() + 5000 * (1 + Math.random());
    } finally {
      this.beating = false;
    }
  }
}
