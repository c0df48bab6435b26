import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { AnyCall } from '@ferrum/contracts';
import { lastValueFrom } from 'rxjs';
import type { Subscription, Transport } from '../transport';
import { CALL_EXTRA } from './handles.decorator';
import { FerrumRpcContext } from './rpc.context';
import { subjectOf } from './subjects';

export interface FerrumServerOptions {
  /** This conductor's hostname: conductor calls are answered on its own subjects. */
  hostname?: string;
  /** The hardware types this conductor offers: driver calls are answered in each one's queue group. */
  hardwareTypes?: readonly string[];
  /** FERRUM_INSPECTOR_SUBJECT: the inspectors' subject prefix and queue group. */
  inspectorPrefix: string;
}

/**
 * The Nest transport strategy of every Ferrum service: subscribes each `@Handles(call)` method to the
 * call's subjects on the Ferrum bus (NATS, or the in-process twin of `npm start`), and answers with
 * the handler's reply or its domain error. Subscriptions are flushed to NATS before `listen` resolves,
 * so a service is never announced before it can answer.
 */
export class FerrumServer extends Server implements CustomTransportStrategy {
  private subscriptions: { call: AnyCall; subscription: Subscription }[] = [];
  /**
   * The calls being answered, so a drain can wait for them after it stopped listening (they may hold a node
   * lock). Counted here, where each call arrives, rather than by a Nest interceptor: an interceptor makes Nest
   * bind two async resources per call, which cost more CPU than the rest of a call's dispatch.
   */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly transport: Transport,
    private readonly options: FerrumServerOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) await this.bind(pattern, handler);
      callback();
    } catch (error) {
      await this.stopListening();
      callback(error);
    }
  }

  /**
   * The first step of a drain: no new calls reach this service; callers re-route to its peers. `keep`
   * names calls still answered until `close` (a conductor keeps answering pings while it finishes its calls).
   */
  async stopListening(keep: (call: AnyCall) => boolean = () => false): Promise<void> {
    const stopping = this.subscriptions.filter((s) => !keep(s.call));
    this.subscriptions = this.subscriptions.filter((s) => keep(s.call));
    await Promise.all(stopping.map((s) => s.subscription.unsubscribe()));
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  /** How many calls are being answered now. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Resolves when every call that arrived until now has been answered. */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  on(): never {
    throw new Error('The Ferrum transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.transport as T;
  }

  private async bind(pattern: string, handler: MessageHandler): Promise<void> {
    const call = handler.extras?.[CALL_EXTRA] as AnyCall | undefined;
    if (!call) throw new Error(`The handler of ${pattern} is not declared with @Handles(call)`);
    const types = call.scope === 'driver' ? (this.options.hardwareTypes ?? []) : [undefined];
    for (const hardwareType of types) {
      const { subject, queue } = subjectOf(call, { host: this.options.hostname, driver: hardwareType }, this.options.inspectorPrefix);
      const subscription = await this.transport.handle(
        subject,
        (payload, { requestId }) => {
          const answer = (async () => {
            const reply: unknown = await handler(payload, new FerrumRpcContext([subject, requestId, hardwareType]));
            return lastValueFrom(this.transformToObservable(reply), { defaultValue: null });
          })();
          const tracked = answer.then(
            () => undefined,
            () => undefined,
          );
          this.running.add(tracked);
          void tracked.then(() => this.running.delete(tracked));
          return answer;
        },
        { queue },
      );
      this.subscriptions.push({ call, subscription });
    }
  }
}
