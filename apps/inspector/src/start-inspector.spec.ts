import { silentLogger } from '@ferrum/logging';
import { InspectorHandle, startInspector } from './start-inspector';

describe('inspector', () => {
  let inspector: InspectorHandle;

  beforeAll(async () => {
    inspector = await startInspector({ config: { inspectorHost: '127.0.0.1', inspectorPort: 0 }, logger: silentLogger() });
  });

  afterAll(() => inspector.close());

  it('listens on the port the OS picked when asked for port 0', () => {
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('answers GET /healthz with 200 {"status":"ok"}', async () => {
    const response = await fetch(`${inspector.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /readyz with the process\'s checks (none here: ready)', async () => {
    const response = await fetch(`${inspector.url}/readyz`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');
  });

  it('serves /metrics with every introspection state and its own HTTP requests', async () => {
    await (await fetch(`${inspector.url}/healthz`)).text();
    const response = await fetch(`${inspector.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('ferrum_inspector_introspections{state="waiting"} 0');
    expect(text).toMatch(/^ferrum_http_requests_total\{server="inspector",method="GET",route="\/healthz",status="200"\} [1-9]/m);
  });

  it('answers 404 for a path it does not serve', async () => {
    const response = await fetch(`${inspector.url}/nope`);
    expect(response.status).toBe(404);
    await response.body?.cancel();
  });
});
