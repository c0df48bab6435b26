/** What a handler knows about the call it answers. */
export interface RpcContext {
  subject: string;
  /** Ironic-style request id (`req-<uuid>`) carried from the API so logs can be joined across services. */
  requestId?: string;
}

export type RpcHandler = (payload: unknown, ctx: RpcContext) => Promise<unknown>;

export interface RequestOptions {
  timeoutMs?: number;
  requestId?: string;
  /** Who is expected to answer (a conductor hostname), named in the timeout error. */
  peer?: string;
}

export interface HandleOptions {
  /** Handlers sharing a queue group split the requests between them; one of them answers each request. */
  queue?: string;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

/** A broadcast's receiver; it must not throw (nobody is there to answer). */
export type BroadcastHandler = (payload: unknown) => void;

/**
 * Request/reply over NATS or in-process; domain errors thrown by a handler are rethrown at the caller as the same class.
 * Broadcasts go to every subscriber, at most once (NATS core): a receiver that must not miss one keeps its own
 * record to fill gaps from (the event stream reads the database).
 */
export interface Transport {
  readonly kind: 'nats' | 'in-process';
  request<T>(subject: string, payload: unknown, options?: RequestOptions): Promise<T>;
  handle(subject: string, handler: RpcHandler, options?: HandleOptions): Promise<Subscription>;
  publish(subject: string, payload: unknown): Promise<void>;
  subscribe(subject: string, handler: BroadcastHandler): Promise<Subscription>;
  /** False while the bus cannot be reached (NATS disconnected and reconnecting) or after close: readiness reports it. */
  isConnected(): boolean;
  close(): Promise<void>;
}

/**
 * Where bodies too large for one NATS message (1 MiB by default) are parked: the sender puts the body and
 * sends its id, the receiver takes it. The database is the store (every role has it when NATS is used).
 */
export interface PayloadStore {
  put(body: string): Promise<string>;
  take(id: string): Promise<string | undefined>;
}

/** Thrown at the caller when nobody listens on the subject: the conductor is gone, route elsewhere. */
export class NoResponders extends Error {
  constructor(readonly subject: string) {
    super(`No responders on ${subject}`);
    this.name = 'NoResponders';
  }
}
