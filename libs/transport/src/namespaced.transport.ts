import { BroadcastHandler, HandleOptions, RequestOptions, RpcHandler, Subscription, Transport } from './transport';

/**
 * Prefixes every subject (and queue group) with a namespace, so several Ferrum installations, or
 * test runs, can share one NATS server without answering each other's driver-level calls: those go
 * to queue groups named only after the hardware type.
 */
export class NamespacedTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly namespace: string,
  ) {}

  get kind() {
    return this.inner.kind;
  }

  private scoped(name: string): string {
    return `${this.namespace}.${name}`;
  }

  request<T>(subject: string, payload: unknown, options?: RequestOptions): Promise<T> {
    return this.inner.request<T>(this.scoped(subject), payload, options);
  }

  handle(subject: string, handler: RpcHandler, options: HandleOptions = {}): Promise<Subscription> {
    return this.inner.handle(this.scoped(subject), handler, { ...options, queue: options.queue && this.scoped(options.queue) });
  }

  publish(subject: string, payload: unknown): Promise<void> {
    return this.inner.publish(this.scoped(subject), payload);
  }

  subscribe(subject: string, handler: BroadcastHandler): Promise<Subscription> {
    return this.inner.subscribe(this.scoped(subject), handler);
  }

  isConnected(): boolean {
    return this.inner.isConnected();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Wraps a transport in a namespace, or returns it as it is when the namespace is empty. */
export function inNamespace(transport: Transport, namespace: string | undefined): Transport {
  return namespace ? new NamespacedTransport(transport, namespace) : transport;
}
