import type { ResourceEvent } from '@ferrum/contracts';
import type { ServerResponse } from 'node:http';
import type { EventSink } from './event-hub';

/** A client this far behind (bytes not yet taken by its socket) is closed; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Each event's frame, made once however many streams send it. */
const frames = new WeakMap<ResourceEvent, string>();
function frameOf(event: ResourceEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/** One Server-Sent Events response: `id` is the event's seq, `event` its type, `data` the event as JSON. */
export class SseStream implements EventSink {
  private readonly keepalive: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly wanted: (event: ResourceEvent) => boolean,
    onClose: () => void,
  ) {
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
    res.on('close', () => {
      this.closed = true;
      clearInterval(this.keepalive);
      onClose();
    });
  }

  /** Sent once, first: how long a client waits before reconnecting. */
  open(retryMs: number): void {
    this.write(`retry: ${retryMs}\n\n`);
  }

  /** A message outside the numbered events (no id, so it does not move the client's Last-Event-ID). */
  notice(name: string, data: unknown): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  deliver(event: ResourceEvent): boolean {
    if (this.closed) return false;
    if (!this.wanted(event)) return true;
    return this.write(frameOf(event));
  }

  private write(frame: string): boolean {
    if (this.closed) return false;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.res.destroy();
      return false;
    }
    this.res.write(frame);
    return true;
  }
}
