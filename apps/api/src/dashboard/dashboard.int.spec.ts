import bcrypt from 'bcryptjs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

const ASSETS = join(__dirname, 'assets');

describe('the dashboard at /dashboard', () => {
  let api: ApiHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-dashboard-'));

  beforeAll(async () => {
    // Credentials are required for /v1: the page itself must still load without them, to ask for them.
    writeFileSync(join(dir, 'htpasswd'), `admin:${bcrypt.hashSync('pw', 4)}`);
    api = await startApiHarness({ env: { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd') } });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/dashboard', '/dashboard/', '/dashboard/index.html'])('serves the page at %s without credentials, under a strict content security policy', async (url) => {
    const reply = await api.request('GET', url, { version: null });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toContain('<script type="module" src="/dashboard/app.js">');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect((await api.request('GET', '/v1/nodes', { version: null })).statusCode).toBe(401);
  });

  it('serves each script and style sheet with its content type, and every module a script imports', async () => {
    const files = readdirSync(ASSETS);
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const reply = await api.request('GET', `/dashboard/${file}`, { version: null });
      expect({ file, status: reply.statusCode, type: reply.headers['content-type'] }).toEqual({ file, status: 200, type: 'text/javascript; charset=utf-8' });
      for (const [, imported] of reply.body.matchAll(/from '\.\/([\w-]+\.js)'/g)) expect(files).toContain(imported);
    }
    const css = await api.request('GET', '/dashboard/dashboard.css', { version: null });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe(readFileSync(join(ASSETS, 'dashboard.css'), 'utf8'));
  });

  it('answers 404 for a file it does not have, and never reads outside its folder', async () => {
    for (const url of ['/dashboard/nope.js', '/dashboard/..%2f..%2fdashboard.controller.ts', '/dashboard/%2e%2e%2fapi.module.ts']) {
      const reply = await api.request('GET', url, { version: null });
      // Refused somewhere on the way (404 here, 401 or 405 from routes the decoded path resembles), never served.
      expect({ url, refused: reply.statusCode >= 400 && reply.statusCode < 500 }).toEqual({ url, refused: true });
      expect(reply.body).not.toContain('import ');
    }
    expect((await api.request('GET', '/dashboard/nope.js', { version: null })).statusCode).toBe(404);
  });
});
