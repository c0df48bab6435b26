import { FerrumError } from '@ferrum/errors';
import type { Logger } from 'pino';
import { BroadcastHandler, HandleOptions, NoResponders, RequestOptions, RpcHandler, Subscription, Transport } from './transport';

/** Where the instrumented transport reports each finished call (the metrics lib implements it). */
export interface RpcObserver {
  observeRpc(call: { side: 'client' | 'server'; subject: string; outcome: string; seconds: number }): void;
}

/** `ok`, a domain error's code, `NoResponders`, or `error`: a small, fixed set of label values. */
export function rpcOutcome(error?: unknown): string {
  if (error === undefined) return 'ok';
  if (error instanceof FerrumError) return error.code;
  if (error instanceof NoResponders) return 'NoResponders';
  return 'error';
}

/**
 * Any transport, timed and counted on both sides of the bus. Each handled call is logged with the
 * request id that came with it, so an API request's log line and the conductor's can be joined.
 */
export class InstrumentedTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly observer: RpcObserver,
    private readonly logger?: Logger,
  ) {}

  get kind(): Transport['kind'] {
    return this.inner.kind;
  }

  async request<T>(subject: string, payload: unknown, options: RequestOptions = {}): Promise<T> {
    const started = performance.now();
    let error: unknown;
    try {
      return await this.inner.request<T>(subject, payload, options);
    } catch (err) {
      error = err;
      throw err;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const outcome = rpcOutcome(error);
      this.observer.observeRpc({ side: 'client', subject, outcome, seconds });
      this.logger?.debug({ subject, requestId: options.requestId, peer: options.peer, outcome, ms: Math.round(seconds * 1000) }, 'rpc sent');
    }
  }

  handle(subject: string, handler: RpcHandler, options?: HandleOptions): Promise<Subscription> {
    return this.inner.handle(
      subject,
      async (payload, ctx) => {
        const started = performance.now();
        let error: unknown;
        try {
          return await handler(payload, ctx);
        } catch (err) {
          error = err;
          throw err;
        } finally {
          const seconds = (performance.now() - started) / 1000;
          const outcome = rpcOutcome(error);
          this.observer.observeRpc({ side: 'server', subject, outcome, seconds });
          this.logger?.info({ subject, requestId: ctx.requestId, outcome, ms: Math.round(seconds * 1000) }, 'rpc handled');
        }
      },
      options,
    );
  }

  publish(subject: string, payload: unknown): Promise<void> {
    return this.inner.publish(subject, payload);
  }

  subscribe(subject: string, handler: BroadcastHandler): Promise<Subscription> {
    return this.inner.subscribe(subject, handler);
  }

  isConnected(): boolean {
    return this.inner.isConnected();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
