import { createServer, Server } from 'node:http';
import { lookupUntilFound, LookupTimeout } from './lookup-loop';

const inventory = { interfaces: [{ name: 'eth0', mac_address: '52:54:00:12:34:56' }] } as never;

describe('lookupUntilFound', () => {
  let server: Server;
  let url = '';
  let answers: { status: number; body: unknown }[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const next = answers.shift() ?? { status: 404, body: {} };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('retries until a valid 200, sleeping 5 s more after a 409, and uses GET /v1/lookup with the MACs', async () => {
    seen.length = 0;
    answers = [
      { status: 500, body: {} },
      { status: 409, body: {} },
      { status: 200, body: { node: { uuid: 'u-1' }, config: { heartbeat_timeout: 60, agent_token: 't'.repeat(43) } } },
    ];
    const sleeps: number[] = [];
    const found = await lookupUntilFound(inventory, { apiUrls: [url], timeoutS: 600, intervalS: 1, log: () => undefined, sleep: async (ms) => void sleeps.push(ms) });
    expect(found).toEqual({ node: { uuid: 'u-1' }, config: { heartbeat_timeout: 60, agent_token: 't'.repeat(43) } });
    expect(seen[0]).toBe('GET /v1/lookup?addresses=52%3A54%3A00%3A12%3A34%3A56');
    expect(sleeps).toContain(5000);
    // Random-exponential backoff: the second wait is drawn from a doubled interval.
    const backoff = sleeps.filter((ms) => ms !== 5000);
    expect(backoff[0]).toBeGreaterThanOrEqual(500);
    expect(backoff[0]).toBeLessThanOrEqual(1000);
    expect(backoff[1]).toBeGreaterThanOrEqual(1000);
  });

  it('posts {version: "2", inventory} to the driver passthru when a driver is named, and accepts a top-level heartbeat_timeout', async () => {
    seen.length = 0;
    answers = [{ status: 200, body: { node: { uuid: 'u-2' }, heartbeat_timeout: 300 } }];
    const found = await lookupUntilFound(inventory, { apiUrls: [url], driver: 'ipmi', timeoutS: 5, intervalS: 0, log: () => undefined, sleep: async () => undefined });
    expect(seen).toEqual(['POST /v1/drivers/ipmi/vendor_passthru/lookup']);
    expect(found.config).toEqual({ heartbeat_timeout: 300 });
  });

  it('gives up after the lookup timeout with the last error', async () => {
    answers = [];
    await expect(lookupUntilFound(inventory, { apiUrls: [url], timeoutS: 0.05, intervalS: 0.2, log: () => undefined })).rejects.toBeInstanceOf(LookupTimeout);
  });
});
