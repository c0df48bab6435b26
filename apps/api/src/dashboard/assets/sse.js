import { AuthRequired, apiHeaders, parseChallenge } from './api.js';

/**
 * Server-Sent Events framing (the WHATWG algorithm, minus what the event stream never sends): lines of
 * `field: value`, a blank line ends a frame, `:` starts a comment.
 */
export class SseParser {
  /** @param {(frame: { id?: string, event: string, data: string }) => void} onFrame @param {(ms: number) => void} onRetry */
  constructor(onFrame, onRetry) {
    this.onFrame = onFrame;
    this.onRetry = onRetry;
    this.buffer = '';
    /** @type {string[]} */
    this.data = [];
    this.event = '';
    /** @type {string | undefined} */
    this.id = undefined;
  }

  reset() {
    this.data = [];
    this.event = '';
    this.id = undefined;
  }

  /** @param {string} chunk */
  push(chunk) {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // The last piece has no line end yet. A `\r\n` split between chunks reads as `\r` and then an empty line, which
    // ends a frame that has no data yet: nothing is dispatched for it.
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** @param {string} line */
  line(line) {
    if (line === '') {
      if (this.data.length > 0 || this.event) this.onFrame({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.reset();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

/**
 * GET /v1/ferrum/events read with fetch, since EventSource cannot send an Authorization header. Reconnects after
 * the server's `retry` with `Last-Event-ID`, so nothing is missed while the stream is down (within the server's
 * retention; older gaps arrive as a `truncated` notice).
 */
export class EventStream {
  /**
   * @param {{ onEvent: (event: any) => void, onNotice: (name: string, data: any) => void, onStatus: (state: string, detail?: string) => void, onAuth: (error: AuthRequired) => void }} handlers
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.retryMs = 2000;
    /** @type {string | undefined} */
    this.lastId = undefined;
    this.stopped = true;
    /** @type {AbortController | undefined} */
    this.abort = undefined;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    void this.run();
  }

  stop() {
    this.stopped = true;
    this.abort?.abort();
  }

  async run() {
    while (!this.stopped) {
      try {
        await this.once();
        if (!this.stopped) this.handlers.onStatus('reconnecting', 'the stream ended');
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof AuthRequired) {
          this.stopped = true;
          this.handlers.onStatus('stopped', 'authentication required');
          this.handlers.onAuth(error);
          return;
        }
        this.handlers.onStatus('reconnecting', error instanceof Error ? error.message : String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
  }

  async once() {
    this.abort = new AbortController();
    /** @type {Record<string, string>} */
    const headers = { Accept: 'text/event-stream', ...apiHeaders() };
    if (this.lastId !== undefined) headers['Last-Event-ID'] = this.lastId;
    const res = await fetch('/v1/ferrum/events', { headers, signal: this.abort.signal, credentials: 'omit', cache: 'no-store' });
    if (res.status === 401) throw new AuthRequired(parseChallenge(res.headers.get('WWW-Authenticate')), 'Authentication required');
    if (!res.ok || !res.body) throw new Error(`the event stream answered ${res.status}`);
    this.handlers.onStatus('live');
    const parser = new SseParser(
      (frame) => this.frame(frame),
      (ms) => (this.retryMs = ms),
    );
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(value);
    }
  }

  /** @param {{ id?: string, event: string, data: string }} frame */
  frame(frame) {
    let data;
    try {
      data = JSON.parse(frame.data);
    } catch {
      return;
    }
    if (frame.id === undefined) {
      this.handlers.onNotice(frame.event, data);
      return;
    }
    this.lastId = frame.id;
    this.handlers.onEvent(data);
  }
}
