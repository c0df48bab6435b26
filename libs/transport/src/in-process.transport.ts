import { RpcTimeout } from '@ferrum/errors';
import type { Logger } from 'pino';
import { Envelope, errorEnvelope, openEnvelope, toEnvelope } from './envelope';
import { BroadcastHandler, HandleOptions, NoResponders, RequestOptions, RpcHandler, Subscription, Transport } from './transport';

interface Entry {
  handler: RpcHandler;
  queue?: string;
}

/**
 * Request/reply inside one process, for `npm start` and tests without NATS. Payloads and replies
 * go through JSON as on the wire, so code that works here does not break on NATS because it
 * sent a Date or a class instance.
 */
export class InProcessTransport implements Transport {
  readonly kind = 'in-process' as const;
  private readonly subjects = new Map<string, Entry[]>();
  private readonly listeners = new Map<string, Set<BroadcastHandler>>();

  constructor(
    private readonly defaultTimeoutMs = 60_000,
    private readonly logger?: Logger,
  ) {}

  async handle(subject: string, handler: RpcHandler, options: HandleOptions = {}): Promise<Subscription> {
    const entry: Entry = { handler, queue: options.queue };
    const list = this.subjects.get(subject) ?? [];
    list.push(entry);
    this.subjects.set(subject, list);
    return {
      unsubscribe: async () => {
        const current = this.subjects.get(subject) ?? [];
        this.subjects.set(
          subject,
          current.filter((e) => e !== entry),
        );
      },
    };
  }

  async request<T>(subject: string, payload: unknown, options: RequestOptions = {}): Promise<T> {
    const entries = this.subjects.get(subject) ?? [];
    if (entries.length === 0) throw new NoResponders(subject);
    const entry = this.pick(entries);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const wirePayload: unknown = JSON.parse(JSON.stringify(payload ?? null));
    const reply = this.invoke(entry.handler, wirePayload, subject, options.requestId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RpcTimeout({ subject, host: options.peer ?? 'unknown', timeoutMs })),
        timeoutMs,
      );
    });
    try {
      const envelope = await Promise.race([reply, timeout]);
      return openEnvelope<T>(JSON.parse(JSON.stringify(envelope)) as Envelope);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Delivered after the caller moved on, as JSON, as NATS would. */
  async publish(subject: string, payload: unknown): Promise<void> {
    const handlers = [...(this.listeners.get(subject) ?? [])];
    if (!handlers.length) return;
    const wire = JSON.stringify(payload ?? null);
    setImmediate(() => {
      for (const handler of handlers) {
        try {
          handler(JSON.parse(wire));
        } catch (err) {
          this.logger?.error({ err, subject }, 'a broadcast receiver threw');
        }
      }
    });
  }

  async subscribe(subject: string, handler: BroadcastHandler): Promise<Subscription> {
    const set = this.listeners.get(subject) ?? new Set<BroadcastHandler>();
    set.add(handler);
    this.listeners.set(subject, set);
    return { unsubscribe: async () => void set.delete(handler) };
  }

  /** Always: the bus is this process. */
  isConnected(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.subjects.clear();
    this.listeners.clear();
  }

  /** Plain subscribers each get a message in NATS, but for request/reply only the first reply counts; queue members share at random. */
  private pick(entries: Entry[]): Entry {
    return entries[Math.floor(Math.random() * entries.length)];
  }

  private async invoke(handler: RpcHandler, payload: unknown, subject: string, requestId?: string): Promise<Envelope> {
    try {
      return toEnvelope(await handler(payload, { subject, requestId }));
    } catch (error) {
      return errorEnvelope(error);
    }
  }
}
