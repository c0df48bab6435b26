/** A tiny Ironic client for tests: JSON in and out, microversion header on every call. */
export class IronicHttp {
  constructor(
    readonly baseUrl: string,
    readonly version = '1.78',
    /** Sent with every call (an Authorization header, say). */
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'X-OpenStack-Ironic-API-Version': this.version,
        ...this.defaultHeaders,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown) => this.request('POST', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  /** Ironic's fault string out of an error body. */
  static fault(json: any): string {
    const inner = JSON.parse(json.error_message);
    return inner.faultstring ?? inner.description;
  }

  /** Polls until `check` passes on GET `path`, or fails with the last body. */
  async until(path: string, check: (json: any) => boolean, timeoutMs = 15_000): Promise<any> {
    const end = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < end) {
      last = (await this.get(path)).json;
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`condition on ${path} not reached; last body: ${JSON.stringify(last)}`);
  }

  async waitUntilUp(timeoutMs = 15_000): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      try {
        const r = await fetch(`${this.baseUrl}/v1`);
        if (r.status === 200) return Date.now() - start;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.baseUrl}/v1 did not answer within ${timeoutMs} ms`);
  }
}
