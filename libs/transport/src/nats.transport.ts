import { InternalError, RpcTimeout, TemporaryFailure } from '@ferrum/errors';
import { connect, credsAuthenticator, nkeyAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { MsgHdrs, NatsConnection, RequestError, TimeoutError, headers } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Envelope, errorEnvelope, openEnvelope, toEnvelope } from './envelope';
import { BroadcastHandler, HandleOptions, NoResponders, PayloadStore, RequestOptions, RpcHandler, Subscription, Transport } from './transport';

const REQUEST_ID_HEADER = 'X-Openstack-Request-Id';
/** Set on a message whose body is the id of a parked payload, not the payload. */
const PARKED_HEADER = 'Ferrum-Parked-Payload';
/** Room left in a NATS message for headers and the envelope around a body. */
const HEADROOM_BYTES = 16 * 1024;

/** Request/reply over NATS core (no JetStream: replies are not worth persisting). */
/** How Ferrum proves itself to NATS and checks the server (besides user:password in the URL). */
export interface NatsSecurity {
  /** CA bundle that signed the server's certificate (private CA); implies TLS. */
  caFile?: string;
  /** Client certificate and key, for a server that verifies clients (mutual TLS). */
  certFile?: string;
  keyFile?: string;
  /** A NATS credentials file (user JWT and nkey seed, from nsc). */
  credsFile?: string;
  /** A file holding an nkey seed (SU…), for nkey authentication. */
  nkeySeedFile?: string;
}

function natsSecurityOptions(s: NatsSecurity): Partial<NodeConnectionOptions> {
  const tls = s.caFile || s.certFile ? { ...(s.caFile && { caFile: s.caFile }), ...(s.certFile && { certFile: s.certFile, keyFile: s.keyFile }) } : undefined;
  const authenticator = s.credsFile
    ? credsAuthenticator(new Uint8Array(readFileSync(s.credsFile)))
    : s.nkeySeedFile
      ? nkeyAuthenticator(new TextEncoder().encode(readFileSync(s.nkeySeedFile, 'utf8').trim()))
      : undefined;
  return { ...(tls && { tls }), ...(authenticator && { authenticator }) };
}

export class NatsTransport implements Transport {
  readonly kind = 'nats' as const;
  private connected = true;
  /** Requests waiting for a reply: a lost connection ends them at once instead of at their timeout. */
  private readonly pending = new Set<(error: Error) => void>();

  /** The largest body sent inline; larger ones are parked in the payload store. */
  private readonly maxInline: number;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
    private readonly logger?: Logger,
    private readonly payloads?: PayloadStore,
    maxInlineBytes?: number,
  ) {
    this.maxInline = maxInlineBytes ?? (nc.info?.max_payload ?? 1024 * 1024) - HEADROOM_BYTES;
    void this.watchStatus();
  }

  static async connect(
    url: string,
    options: { name?: string; defaultTimeoutMs?: number; logger?: Logger; payloads?: PayloadStore; maxInlineBytes?: number; security?: NatsSecurity } = {},
  ) {
    const nc = await connect({
      servers: url,
      name: options.name,
      ...natsSecurityOptions(options.security ?? {}),
      // Keep trying through a NATS restart instead of dying with it.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // No error objects made ahead for every request's would-be async stack trace (most of a request's
      // cost in the client); a failed request still rejects with the client's RequestError or TimeoutError.
      noAsyncTraces: true,
    });
    return new NatsTransport(nc, options.defaultTimeoutMs ?? 60_000, options.logger, options.payloads, options.maxInlineBytes);
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
            const body = await this.open(msg.string(), msg.headers);
            envelope = toEnvelope(await handler(body.length ? JSON.parse(body) : null, { subject, requestId }));
          } catch (error) {
            envelope = errorEnvelope(error);
          }
          if (!msg.reply) return;
          const reply = await this.seal(JSON.stringify(envelope)).catch((error: unknown) => {
            this.logger?.error({ err: error, subject }, 'could not park a large reply');
            return { body: JSON.stringify(errorEnvelope(error)), parked: false };
          });
          msg.respond(reply.body, reply.parked ? { headers: parkedHeaders() } : undefined);
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
    const { body, parked } = await this.seal(JSON.stringify(payload ?? null));
    if (parked) hdrs.set(PARKED_HEADER, '1');
    let abort!: (error: Error) => void;
    const aborted = new Promise<never>((_, reject) => (abort = reject));
    this.pending.add(abort);
    try {
      const msg = await Promise.race([this.nc.request(subject, body, { timeout: timeoutMs, headers: hdrs }), aborted]);
      return openEnvelope<T>(JSON.parse(await this.open(msg.string(), msg.headers)) as Envelope);
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

  /**
   * Fire and forget; while NATS cannot be reached the broadcast is lost (receivers fill gaps themselves).
   * Never parked: a parked body is taken by its first reader, and a broadcast has many.
   */
  async publish(subject: string, payload: unknown): Promise<void> {
    if (!this.isConnected()) throw busUnavailable();
    const body = JSON.stringify(payload ?? null);
    if (Buffer.byteLength(body) > this.maxInline) throw new InternalError({ message: `A broadcast of ${Buffer.byteLength(body)} bytes is larger than the message bus takes` });
    this.nc.publish(subject, body);
  }

  async subscribe(subject: string, handler: BroadcastHandler): Promise<Subscription> {
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) {
          this.logger?.error({ err, subject }, 'NATS subscription error');
          return;
        }
        try {
          const body = msg.string();
          handler(body.length ? JSON.parse(body) : null);
        } catch (error) {
          this.logger?.error({ err: error, subject }, 'a broadcast could not be delivered');
        }
      },
    });
    await this.nc.flush();
    return {
      unsubscribe: async () => {
        sub.unsubscribe();
        await this.nc.flush();
      },
    };
  }

  /** A body too large for one message is parked in the store, and its id travels instead. */
  private async seal(body: string): Promise<{ body: string; parked: boolean }> {
    if (Buffer.byteLength(body) <= this.maxInline) return { body, parked: false };
    if (!this.payloads) throw new InternalError({ message: `A message of ${Buffer.byteLength(body)} bytes is larger than the message bus takes, and no payload store is configured` });
    return { body: await this.payloads.put(body), parked: true };
  }

  private async open(body: string, hdrs: MsgHdrs | undefined): Promise<string> {
    if (!hdrs?.get(PARKED_HEADER)) return body;
    const taken = await this.payloads?.take(body);
    if (taken === undefined) throw new InternalError({ message: 'A large message was lost before it was delivered' });
    return taken;
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

function parkedHeaders(): MsgHdrs {
  const h = headers();
  h.set(PARKED_HEADER, '1');
  return h;
}
