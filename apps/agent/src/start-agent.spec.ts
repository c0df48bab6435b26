import { AgentHandle, startAgent } from './start-agent';

describe('agent', () => {
  let agent: AgentHandle;

  beforeAll(async () => {
    agent = await startAgent({ agentHost: '127.0.0.1', agentPort: 0 });
  });

  afterAll(() => agent.close());

  it('listens on the port the OS picked when asked for port 0', () => {
    expect(agent.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('answers GET /healthz with 200 {"status":"ok"}', async () => {
    const response = await fetch(`${agent.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 404 for a path it does not serve', async () => {
    const response = await fetch(`${agent.url}/nope`);
    expect(response.status).toBe(404);
    await response.body?.cancel();
  });
});
