import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyInspectionRules } from './engine';
import { RuleFailed } from './errors';
import { rule, target } from './rule-fixtures.spec-helper';
import type { RuleDeps } from './types';

describe('api-call action', () => {
  let server: Server;
  let base: string;
  const seen: IncomingMessage[] = [];
  let statuses: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const status = statuses.shift() ?? 200;
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
      res.writeHead(status, status === 503 ? { 'retry-after': '0' } : {});
      res.end('ignored');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
    statuses = [];
  });

  const sleeps: number[] = [];
  const deps: RuleDeps = { sleep: async (ms) => void sleeps.push(ms) };
  const call = (args: Record<string, unknown>) => applyInspectionRules([rule([{ op: 'api-call', args }])], target(), 'main', deps);
  const failure = (args: Record<string, unknown>) => call(args).then(() => undefined, (e: unknown) => e as RuleFailed);

  it('GETs the interpolated URL with the given headers', async () => {
    await call({ url: `${base}/hook/{node.name}?arch={inventory[cpu][architecture]}`, headers: { 'X-Token': 'abc' } });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe('/hook/node-1?arch=x86_64');
    expect(seen[0].headers['x-token']).toBe('abc');
  });

  it('retries 5xx answers with backoff, then succeeds', async () => {
    sleeps.length = 0;
    statuses = [500, 502];
    await call({ url: `${base}/flaky`, backoff_factor: 0.5 });
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([0, 1000]); // urllib3: nothing before the first retry, then factor·2^(n-1)
  });

  it('fails inspection after the retries are spent, with requests’ wording', async () => {
    statuses = [503, 503];
    const err = await failure({ url: `${base}/down`, retries: 1 });
    expect(seen).toHaveLength(2);
    expect(err).toBeInstanceOf(RuleFailed);
    expect(err?.message).toBe(
      `Inspection rule action execution failed. Reason: Request to ${base}/down failed: 503 Server Error: Service Unavailable for url: ${base}/down`,
    );
  });

  it('does not retry a client error', async () => {
    statuses = [404];
    const err = await failure({ url: `${base}/missing` });
    expect(seen).toHaveLength(1);
    expect(err?.message).toContain('failed: 404 Client Error: Not Found for url:');
  });

  it('times out each attempt', async () => {
    const err = await failure({ url: `${base}/slow`, timeout: 0.05, retries: 0 });
    expect(err?.message).toContain(`Request to ${base}/slow failed: HTTPConnectionPool(host='127.0.0.1'`);
    expect(err?.message).toContain('Read timed out. (read timeout=0.05)');
  });

  it('fails on a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure({ url: `http://127.0.0.1:${port}/x`, retries: 0 });
    expect(err?.message).toMatch(/Max retries exceeded with url: \/x \(Caused by .*ECONNREFUSED/);
  });

  it.each([
    [{ timeout: 0 }, 'Invalid parameter: timeout must be greater than zero'],
    [{ timeout: 'soon' }, "Invalid parameter: could not convert string to float: 'soon'"],
    [{ retries: 'x' }, "Invalid parameter: invalid literal for int() with base 10: 'x'"],
  ])('refuses %j', async (extra, reason) => {
    const err = await failure({ url: `${base}/`, ...extra });
    expect(err?.message).toBe(`Inspection rule action execution failed. Reason: ${reason}`);
    expect(seen).toHaveLength(0);
  });

  it('refuses a URL without a scheme', async () => {
    const err = await failure({ url: 'example.com/hook' });
    expect(err?.message).toContain("Request to example.com/hook failed: Invalid URL 'example.com/hook': No scheme supplied.");
  });
});
