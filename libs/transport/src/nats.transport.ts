import { RpcTimeout, TemporaryFailure } from '@ferrum/errors';
import { connect } from '@nats-io/transport-node';
import { NatsConnection, RequestError, TimeoutError, headers } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Envelope, errorEnvelope, openEnvelope, toEnvelope } from './envelope';
import { HandleOptions, NoResponders, RequestOptions, RpcHandler, Subscription, Transport } from './transport';

const REQUEST_ID_HEADER = 'X-Openstack-Request-Id';

/** Request/reply over NATS core (no JetStream: replies are not worth persisting). */
export class NatsTransport implements Transport {
  readonly kind = 'nats' as const;
  private connected = true;
  /** Requests waiting for a reply: a lost connection ends them at once instead of at their timeout. */
  private readonly pending = new Set<(error: Error) => void>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
    private readonly logger?: Logger,
  ) {
    void this.watchStatus();
  }

  static async connect(url: string, options: { name?: string; defaultTimeoutMs?: number; logger?: Logger } = {}) {
    const nc = await connect({
      servers: url,
      name: options.name,
      // Keep trying through a NATS restart instead of dying with it.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    return new NatsTransport(nc, options.defaultTimeoutMs ?? 60_000, options.logger);
  }

  async handle(subject: string, handler: RpcHandler, options: HandleOptions = {}): Promise<Subscription> {
    const sub = this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) {
          this.logger?.error({ err, subject }, 'NATS subscription error');
          return;
        }
        const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
        void (async () => {
          let envelope: Envelope;
          try {
            envelope = toEnvelope(await handler(msg.data.length ? msg.json() : null, { subject, requestId }));
          } catch (error) {
            envelope = errorEnvelope(error);
          }
          if (msg.reply) msg.respond(JSON.stringify(envelope));
        })();
      },
    });
    // Make sure the server knows the subscription before we report ready, so no request is missed.
    await this.nc.flush();
    return {
      unsubscribe: async () => {
        sub.unsubscribe();
        await this.nc.flush();
      },
    };
  }

  /**
   * While NATS cannot be reached no request is sent (the client would hold it until its timeout, 60 s):
   * the caller gets a TemporaryFailure (503, retry) at once, and so do requests waiting when the connection drops.
   */
  async request<T>(subject: string, payload: unknown, options: RequestOptions = {}): Promise<T> {
    if (!this.isConnected()) throw busUnavailable();
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const hdrs = headers();
    if (options.requestId) hdrs.set(REQUEST_ID_HEADER, options.requestId);
    let abort!: (error: Error) => void;
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    this.pending.add(abort);
    try {
      const msg = await Promise.race([this.nc.request(subject, JSON.stringify(payload ?? null), { timeout: timeoutMs, headers: hdrs }), aborted]);
      return openEnvelope<T>(msg.json<Envelope>());
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders()) throw new NoResponders(subject);
      if (error instanceof TimeoutError || (error instanceof RequestError && error.cause instanceof TimeoutError)) {
        throw new RpcTimeout({ subject, host: options.peer ?? 'unknown', timeoutMs });
      }
      throw error;
    } finally {
      this.pending.delete(abort);
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** The client reconnects on its own (forever); this only follows along for readiness and the logs. */
  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        for (const abort of this.pending) abort(busUnavailable());
        this.pending.clear();
        this.logger?.warn({ server: status.server }, 'NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.logger?.info({ server: status.server }, 'NATS reconnected');
      }
    }
  }
}

function busUnavailable(): TemporaryFailure {
  return new TemporaryFailure({ message: 'The message bus is unavailable; please retry.' });
}
