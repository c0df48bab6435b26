/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/**
 * A minimal EventSource for tests: opens `url` with `headers` (Last-Event-ID among them, as a browser sends it on
 * reconnect), parses frames as they arrive, and keeps them. `close()` ends the request.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private readonly abort = new AbortController();
  private ended?: Promise<void>;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    await client.connect(url, headers);
    return client;
  }

  /** The numbered events (those with an id), as [seq, type]. */
  get numbered(): SseEvent[] {
    return this.events.filter((e) => e.id !== undefined);
  }

  get lastId(): string | undefined {
    return this.numbered.at(-1)?.id;
  }

  /** Waits until `done` holds on what arrived so far. */
  async until(done: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
    const end = Date.now() + timeoutMs;
    while (!done(this.events)) {
      if (Date.now() > end) throw new Error(`events did not arrive in time; got ${JSON.stringify(this.events.map((e) => [e.id, e.event, e.data?.uuid]))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.events;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.ended?.catch(() => undefined);
  }

  private async connect(url: string, headers: Record<string, string>): Promise<void> {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: this.abort.signal });
    this.status = response.status;
    if (response.status !== 200 || !response.body) {
      this.events.push({ event: 'http-error', data: await response.text() });
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.ended = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    })();
    this.ended.catch(() => undefined);
  }

  private parse(frame: string): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    this.events.push({ id, event, data: parsed });
  }
}
