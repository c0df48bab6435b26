import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { AnyCall, Broadcast, PayloadOf, ReplyOf, RequestOf } from '@ferrum/contracts';
import { lastValueFrom } from 'rxjs';
import type { Subscription, Transport } from '../transport';
import { Route, subjectOf } from './subjects';

export interface CallOptions extends Route {
  /** Ironic-style request id of the API request this call serves, carried in a header. */
  requestId?: string;
  timeoutMs?: number;
  /** Who is expected to answer, named in a timeout error (defaults to the route's host). */
  peer?: string;
}

interface RoutedPattern extends CallOptions {
  call: AnyCall;
}

/**
 * The Nest client of the Ferrum bus: `client.call(CreateNode, request, { host })` sends a call and
 * resolves with its typed reply, or rejects with the handler's domain error rebuilt as the same class
 * (NoResponders when nobody listens: the caller routes elsewhere; RpcTimeout when nobody answers).
 */
export class FerrumClient extends ClientProxy {
  constructor(
    private readonly transport: Transport,
    private readonly options: { inspectorPrefix: string; timeoutMs: number },
  ) {
    super();
  }

  call<C extends AnyCall>(call: C, request: RequestOf<C>, options: CallOptions = {}): Promise<ReplyOf<C>> {
    const pattern: RoutedPattern = { ...options, call };
    return lastValueFrom(this.send<ReplyOf<C>, RequestOf<C>>(pattern, request));
  }

  /** Sends a broadcast to every subscriber (at most once each; see Transport). */
  broadcast<B extends Broadcast<unknown>>(message: B, payload: PayloadOf<B>): Promise<void> {
    return this.transport.publish(message.subject, payload);
  }

  /** Receives a broadcast; `receive` must not throw. */
  subscribe<B extends Broadcast<unknown>>(message: B, receive: (payload: PayloadOf<B>) => void): Promise<Subscription> {
    return this.transport.subscribe(message.subject, (payload) => receive(payload as PayloadOf<B>));
  }

  /** The bus is owned (connected and closed) by the process that made it, not by its clients. */
  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  unwrap<T>(): T {
    return this.transport as T;
  }

  protected publish(packet: ReadPacket<unknown>, callback: (packet: WritePacket) => void): () => void {
    const { call, host, driver, requestId, timeoutMs, peer } = packet.pattern as RoutedPattern;
    const { subject } = subjectOf(call, { host, driver }, this.options.inspectorPrefix);
    this.transport
      .request(subject, packet.data, { requestId, timeoutMs: timeoutMs ?? this.options.timeoutMs, peer: peer ?? host })
      .then(
        (response) => callback({ response, isDisposed: true }),
        (err: unknown) => callback({ err, isDisposed: true }),
      );
    return () => undefined;
  }

  protected dispatchEvent(): Promise<never> {
    return Promise.reject(new Error('The Ferrum bus carries calls, not events'));
  }
}
