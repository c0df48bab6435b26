import type { InjectOptions } from 'fastify';
import { Readable } from 'node:stream';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

/** The smallest body limit the configuration allows: an oversized body stays cheap to build. */
const BODY_LIMIT = 1024;

/**
 * Ironic reads a vendor passthru call's JSON body on every verb, GET included (`baremetal node passthru call
 * --http-method GET … --arg id=X` sends one; redfish's get_subscription needs it). Fastify never reads a GET
 * body: the passthru GET routes read it themselves, and must answer every bad body exactly as a POST does.
 */
describe('vendor passthru GET bodies', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ env: { FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo', FERRUM_MAX_BODY_BYTES: String(BODY_LIMIT) } });
  });
  afterAll(() => api.close());

  const ECHO = ['/v1/drivers/ferrum-demo/vendor_passthru/echo', '/v1/drivers/ferrum-demo/vendor_passthru?method=echo'];
  /** A request as the harness sends it, below its helpers (streams, simulated failures). */
  const inject = (options: InjectOptions) =>
    api.app.getHttpAdapter().getInstance().inject({ ...options, headers: { 'X-OpenStack-Ironic-API-Version': '1.82', ...options.headers } });
  /** The same request made as a GET and as a POST: status and error body side by side. */
  const asGetAndPost = async (url: string, options: Omit<InjectOptions, 'method' | 'url'>) => {
    const answers = [];
    for (const method of ['GET', 'POST'] as const) {
      const reply = await inject({ ...options, method, url });
      answers.push({ status: reply.statusCode, body: reply.json<unknown>() });
    }
    return answers;
  };

  it.each(ECHO)('hands a GET body to the method as its arguments (%s)', async (url) => {
    const reply = await api.request('GET', url, { body: { id: 'sub-1', nested: { depth: [1, 2] } } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ http_method: 'GET', args: { id: 'sub-1', nested: { depth: [1, 2] } } });
  });

  it('reads a GET body whatever its Content-Type, and an empty or absent one as no arguments, as Ironic does', async () => {
    const typed = await api.request('GET', ECHO[0], { body: '{"id": "x"}', headers: { 'Content-Type': 'text/plain' } });
    expect(typed.json()).toMatchObject({ args: { id: 'x' } });
    for (const body of [undefined, '', '  \n']) {
      const reply = await api.request('GET', ECHO[0], { body });
      expect([reply.statusCode, reply.json().args]).toEqual([200, {}]);
    }
  });

  it('reads a chunked GET body (no Content-Length)', async () => {
    const reply = await inject({ method: 'GET', url: ECHO[1], headers: { 'transfer-encoding': 'chunked' }, payload: streamOf('{"id":', ' "chunked"}') });
    expect([reply.statusCode, reply.json().args]).toEqual([200, { id: 'chunked' }]);
  });

  it('refuses invalid JSON, an array and a body nesting too deep on GET as on POST (400, Ferrum\'s words)', async () => {
    const [get, post] = await asGetAndPost(ECHO[0], { payload: '{"id": ' });
    expect(get).toEqual(post);
    expect(get.status).toBe(400);
    expect(faultOf(get.body).faultstring).toMatch(/^The request body is not valid JSON: /);
    for (const payload of ['[1]', '"x"', `${'['.repeat(100)}${']'.repeat(100)}`]) {
      const [getReply, postReply] = await asGetAndPost(ECHO[0], { payload });
      expect(getReply).toEqual(postReply);
      expect(getReply.status).toBe(400);
    }
  });

  it('refuses an oversized GET body as a POST is refused (413), declared or streamed', async () => {
    const big = JSON.stringify({ id: 'x'.repeat(BODY_LIMIT) });
    const [declared, declaredPost] = await asGetAndPost(ECHO[0], { payload: big });
    expect(declared).toEqual(declaredPost);
    expect(declared.status).toBe(413);
    const streamed = await asGetAndPost(ECHO[0], { headers: { 'transfer-encoding': 'chunked' }, payload: big });
    expect(streamed[0]).toEqual(streamed[1]);
    const chunks = await Promise.all(
      (['GET', 'POST'] as const).map((method) =>
        inject({ method, url: ECHO[0], headers: { 'transfer-encoding': 'chunked' }, payload: streamOf(big.slice(0, 600), big.slice(600)) }),
      ),
    );
    expect(chunks.map((r) => r.statusCode)).toEqual([413, 413]);
    expect(chunks[0].json()).toEqual(chunks[1].json());
  });

  it('answers a body shorter than declared (400), or a stream that fails, as a POST', async () => {
    const short = await asGetAndPost(ECHO[0], { headers: { 'content-length': '20' }, payload: '{"id": "x"}' });
    expect(short[0]).toEqual(short[1]);
    expect(short[0].status).toBe(400);
    // The client is gone when its stream fails, so the status matters little: only that GET and POST agree.
    const broken = await asGetAndPost(ECHO[0], { payload: '{"id": "x"}', simulate: { end: true, split: false, error: true, close: false } });
    expect(broken[0]).toEqual(broken[1]);
  });

  it('leaves every other GET route ignoring its body: the method listing, node and driver reads', async () => {
    for (const url of ['/v1/drivers/ferrum-demo/vendor_passthru/methods', '/v1/nodes', '/v1/drivers']) {
      expect((await api.request('GET', url, { body: '{"not json' })).statusCode).toBe(200);
      expect((await api.request('GET', url, { body: 'x'.repeat(4 * BODY_LIMIT) })).statusCode).toBe(200);
    }
  });
});

/** A readable stream of the given chunks (a client sending its body in pieces). */
function streamOf(...chunks: string[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

/** Ironic's inner error document (`error_message` is JSON in a string). */
function faultOf(body: unknown): { faultstring: string } {
  return JSON.parse((body as { error_message: string }).error_message);
}
