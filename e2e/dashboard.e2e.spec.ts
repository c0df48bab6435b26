import bcrypt from 'bcryptjs';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inCI } from '@ferrum/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { TcpProxy } from './support/tcp-proxy';

const CHROMIUM = '/usr/bin/chromium';
const NODES = 1000;
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'dashboard');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && inCI()) throw new Error(`${CHROMIUM} is required under CI=true (apt-get install chromium)`);
if (!haveChromium) console.warn(`dashboard e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const maybe = haveChromium ? describe : describe.skip;

/**
 * The dashboard in real headless Chromium against an all-in-one Ferrum under http_basic with 1,000 nodes: sign-in,
 * counts, filters, paging, search by name and MAC, a node's live state from the event stream, power and passthru
 * actions through the page, and a failing node's last_error. Screenshots go to test-artifacts/dashboard/.
 */
maybe('dashboard in headless Chromium (all-in-one, http_basic, 1,000 nodes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-dashboard-'));
  let ferrum: FerrumProcess;
  let http: IronicHttp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const failing = { uuid: '', name: 'dash-failing' };
  const demo = { uuid: '', name: 'dash-demo' };
  const withPort = { uuid: '', name: 'dash-0042', mac: '52:54:00:de:da:42' };
  const inMaintenance: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(dir, 'htpasswd'), `admin:${bcrypt.hashSync('s3cret', 4).replace(/^\$2b\$/, '$2y$')}\n`);
    const port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'),
      // ferrum-demo: a driver-level passthru method with typed arguments (a JSON Schema the form is built from).
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo',
      FERRUM_EVENTS_RELAY_INTERVAL_MS: '50',
      // 1,000 creations in parallel batches from one address.
      FERRUM_RATE_LIMIT_API_PER_S: '100000',
      // Below the dashboard's own page sizes (1,000 for the counts, 500 for a scan): it must follow `next`, not assume them.
      FERRUM_MAX_LIMIT: '200',
    });
    base = `http://127.0.0.1:${port}`;
    http = new IronicHttp(base, '1.81', { Authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` });
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
    await http.until('/v1/conductors', (j) => j.conductors?.length > 0, 30_000);

    const started = Date.now();
    const names = Array.from({ length: NODES - 2 }, (_, i) => `dash-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 50) {
      const created = await Promise.all(names.slice(i, i + 50).map((name) => http.post('/v1/nodes', { driver: 'fake-hardware', name })));
      for (const r of created) expect(r.status).toBe(201);
      for (const r of created) if (r.json.name === withPort.name) withPort.uuid = r.json.uuid;
      if (inMaintenance.length < 3) inMaintenance.push(...created.slice(0, 3 - inMaintenance.length).map((r) => r.json.uuid as string));
    }
    failing.uuid = (await http.post('/v1/nodes', { driver: 'fake-hardware', name: failing.name })).json.uuid;
    demo.uuid = (await http.post('/v1/nodes', { driver: 'ferrum-demo', name: demo.name })).json.uuid;
    console.log(`dashboard e2e: ${NODES} nodes created in ${Date.now() - started} ms`);
    expect((await http.post('/v1/ports', { node_uuid: withPort.uuid, address: withPort.mac })).status).toBe(201);
    for (const uuid of inMaintenance) expect((await http.put(`/v1/nodes/${uuid}/maintenance`, { reason: 'dashboard test' })).status).toBe(202);
    // A real failure: the fake management cannot change the boot mode, and says so in last_error.
    expect((await http.put(`/v1/nodes/${failing.uuid}/states/boot_mode`, { target: 'uefi' })).status).toBe(202);
    await http.until(`/v1/nodes/${failing.uuid}`, (n) => Boolean(n.last_error));

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`page console: ${m.text()}`));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await ferrum?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a user name and password (http_basic), then shows the fleet', async () => {
    await page.goto(`${base}/dashboard`);
    const form = page.getByTestId('login-form');
    await form.waitFor();
    expect(await form.getAttribute('data-scheme')).toBe('basic');
    await shot('01-login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong');
    await page.getByTestId('login-submit').click();
    // The server's word for wrong credentials, in a new form (the first one said "Authorization required").
    await expectText(page.getByTestId('login-error'), 'Incorrect username or password');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('s3cret');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('total-nodes'), String(NODES));
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['ferrum.dashboard.credentials']);
    expect(await page.evaluate('document.cookie')).toBe('');
    await expectText(page.getByTestId('stream-status'), 'events: live');
    const enroll = page.getByTestId('count-provision').locator('tr[data-key="enroll"] td.num');
    await expectText(enroll, String(NODES));
    await expectText(page.getByTestId('attention').locator('h3'), 'Needs attention (4)');
    await expectText(page.getByTestId('attention'), failing.name);
    await expectText(page.getByTestId('table-status'), 'page 1, 50 nodes');
    await shot('02-fleet');
  });

  it('pages through the nodes 50 at a time and filters them', async () => {
    const firstPage = await rowUuids(page);
    expect(firstPage).toHaveLength(50);
    await page.getByTestId('page-next').click();
    await expectText(page.getByTestId('table-status'), 'page 2, 50 nodes');
    const secondPage = await rowUuids(page);
    expect(secondPage.filter((u) => firstPage.includes(u))).toEqual([]);
    await page.getByTestId('page-prev').click();
    await expectText(page.getByTestId('table-status'), 'page 1, 50 nodes');
    expect(await rowUuids(page)).toEqual(firstPage);

    await page.getByTestId('filter-maintenance').selectOption('true');
    await expectText(page.getByTestId('table-status'), 'page 1, 3 nodes');
    expect((await rowUuids(page)).sort()).toEqual([...inMaintenance].sort());
    await shot('03-filter-maintenance');
    await page.getByTestId('filter-maintenance').selectOption('');
    // Not an API filter: the page reads the API 500 nodes at a time until its page is full or the nodes end.
    await page.getByTestId('filter-errors').check();
    await expectText(page.getByTestId('table-status'), 'page 1, 1 nodes');
    expect(await rowUuids(page)).toEqual([failing.uuid]);
    await page.getByTestId('filter-errors').uncheck();
    await page.getByTestId('filter-provision_state').selectOption('manageable');
    await expectText(page.getByTestId('table-status'), 'page 1, 0 nodes');
    await page.getByTestId('filter-provision_state').selectOption('');
    await expectText(page.getByTestId('table-status'), 'page 1, 50 nodes');
  });

  it('finds a node by name and by the MAC address of its port', async () => {
    await page.getByTestId('search-input').fill(withPort.name);
    await page.getByTestId('search-button').click();
    await expectText(page.getByTestId('table-status'), `1 found for “${withPort.name}”`);
    expect(await rowUuids(page)).toEqual([withPort.uuid]);
    await page.getByTestId('search-input').fill(withPort.mac.toUpperCase());
    await page.getByTestId('search-button').click();
    await expectText(page.getByTestId('table-status'), `1 found for “${withPort.mac.toUpperCase()}”`);
    expect(await rowUuids(page)).toEqual([withPort.uuid]);
    await shot('04-search-mac');
  });

  it('opens a node, powers it on after confirmation, and shows the change from the event stream', async () => {
    await page.locator(`tr[data-uuid="${withPort.uuid}"] [data-testid="node-link"]`).click();
    await expectText(page.getByTestId('node-name'), withPort.name);
    await expectText(page.getByTestId('node-ports'), withPort.mac);
    await expectText(page.getByTestId('node-power-state'), '—');
    // Mark the page: a reload would lose it.
    await page.evaluate('window.marker = 1');
    await page.getByTestId('power-on').click();
    await expectText(page.getByTestId('confirm-text'), `power on ${withPort.name}?`);
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('node-power-state'), 'power on');
    expect((await http.get(`/v1/nodes/${withPort.uuid}`)).json.power_state).toBe('power on');
    // A change made elsewhere (the API, as another operator would) arrives as well.
    expect((await http.put(`/v1/nodes/${withPort.uuid}/maintenance`, { reason: 'changed elsewhere' })).status).toBe(202);
    await expectText(page.getByTestId('node-maintenance'), 'yes (changed elsewhere)');
    expect(await page.evaluate('window.marker')).toBe(1);
    await shot('05-node-powered-on');
    // Ended from the page, after confirmation.
    await page.getByTestId('maintenance-off').click();
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('node-maintenance'), 'no');
    expect((await http.get(`/v1/nodes/${withPort.uuid}`)).json.maintenance).toBe(false);
    // Back as it was for the stream test below.
    expect((await http.put(`/v1/nodes/${withPort.uuid}/maintenance`, { reason: 'changed elsewhere' })).status).toBe(202);
    await expectText(page.getByTestId('node-maintenance'), 'yes (changed elsewhere)');
  });

  it('runs a provision verb after confirmation, waits until the node settles, and the counts follow live', async () => {
    await page.getByTestId('provision-manage').click();
    await expectText(page.getByTestId('confirm-text'), `manage ${withPort.name}?`);
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('action-message'), 'Settled in manageable.');
    await expectText(page.getByTestId('node-provision-state'), 'manageable');
    await page.getByTestId('nav-fleet').click();
    await expectText(page.getByTestId('count-provision').locator('tr[data-key="manageable"] td.num'), '1');
    await expectText(page.getByTestId('count-provision').locator('tr[data-key="enroll"] td.num'), String(NODES - 1));
    await expectText(page.getByTestId('count-power').locator('tr[data-key="power on"] td.num'), '1');
    await page.goto(`${base}/dashboard#/node/${withPort.uuid}`);
    await expectText(page.getByTestId('node-name'), withPort.name);
  });

  it('calls a node vendor passthru method with its arguments and shows the result', async () => {
    await page.getByTestId('passthru-node-method').selectOption('third_method_sync');
    await page.getByTestId('passthru-args-json').fill('{"bar": "meow"}');
    await page.getByTestId('passthru-node-call').click();
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('passthru-node-result'), 'true');
  });

  it('builds a form from a passthru method’s JSON Schema and calls it', async () => {
    await page.goto(`${base}/dashboard#/node/${demo.uuid}`);
    await expectText(page.getByTestId('node-name'), demo.name);
    const driver = page.getByTestId('passthru-driver');
    await driver.getByTestId('passthru-driver-method').selectOption('add');
    expect(await driver.getByTestId('arg-a').getAttribute('type')).toBe('number');
    expect(await driver.getByTestId('arg-a').getAttribute('required')).not.toBeNull();
    await driver.getByTestId('arg-a').fill('2');
    await driver.getByTestId('arg-b').fill('40');
    await driver.getByTestId('passthru-driver-call').click();
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('passthru-driver-result'), '"sum": 42');
    await shot('06-passthru-schema-form');
  });

  it('shows a failing node’s last_error prominently, and in its history', async () => {
    await page.goto(`${base}/dashboard#/node/${failing.uuid}`);
    await expectText(page.getByTestId('node-last-error'), 'does not support set_boot_mode');
    await expectText(page.getByTestId('node-history'), 'does not support set_boot_mode');
    await shot('07-failing-node');
  });

  it('reads Server-Sent Events split anywhere, as the stream’s chunks may be', async () => {
    // A string, not a function: swc would compile a function's import() into require() before the browser sees it.
    const frames: { distinct: unknown[]; retry: number } = await page.evaluate(`(async () => {
      const { SseParser } = await import('/dashboard/sse.js');
      const text = 'retry: 2000\\n\\n: keepalive\\n\\nid: 7\\nevent: node.updated\\ndata: {"seq":7}\\n\\r\\nevent: truncated\\ndata: {"a":\\ndata: 1}\\n\\n';
      const runs = [];
      let retry = 0;
      for (let cut = 0; cut <= text.length; cut++) {
        const out = [];
        const parser = new SseParser((f) => out.push(f), (ms) => (retry = ms));
        parser.push(text.slice(0, cut));
        parser.push(text.slice(cut));
        runs.push(JSON.stringify(out));
      }
      return { distinct: [...new Set(runs)].map((r) => JSON.parse(r)), retry };
    })()`);
    expect(frames.retry).toBe(2000);
    expect(frames.distinct).toEqual([[
      { id: '7', event: 'node.updated', data: '{"seq":7}' },
      { event: 'truncated', data: '{"a":\n1}' },
    ]]);
  });

  it('asks for a Keystone token when the API answers with a Keystone challenge, and sends it as X-Auth-Token', async () => {
    const keystone = await browser.newPage();
    const seen: (string | undefined)[] = [];
    // The probe the page starts with answers as a keystone-configured Ferrum would.
    await keystone.route('**/v1/nodes?limit=1&fields=uuid', (route) => {
      const token = route.request().headers()['x-auth-token'];
      seen.push(token);
      return token === 'gAAAAtoken'
        ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"nodes": []}' })
        : route.fulfill({ status: 401, headers: { 'WWW-Authenticate': 'Keystone uri="http://keystone.test:5000/v3"' }, contentType: 'application/json', body: '{"error_message": "{\\"faultstring\\": \\"Authentication required\\"}"}' });
    });
    await keystone.goto(`${base}/dashboard`);
    const form = keystone.getByTestId('login-form');
    await form.waitFor();
    expect(await form.getAttribute('data-scheme')).toBe('keystone');
    await expectText(form, 'http://keystone.test:5000/v3');
    await keystone.screenshot({ path: join(ARTIFACTS, '09-keystone-login.png') });
    await keystone.getByTestId('login-token').fill('gAAAAtoken');
    await keystone.getByTestId('login-submit').click();
    await expectText(keystone.getByTestId('user'), 'token');
    expect(seen).toEqual([undefined, 'gAAAAtoken']);
    await keystone.close();
  });

  it('resumes the event stream after a network cut with Last-Event-ID, so a change made meanwhile still arrives', async () => {
    // The page reaches Ferrum through a proxy that can drop every connection, as a network outage would.
    const proxy = await TcpProxy.start(base);
    const cut = await browser.newPage();
    try {
      const resumedAfter: (string | undefined)[] = [];
      cut.on('request', (r) => {
        if (r.url().includes('/v1/ferrum/events')) resumedAfter.push(r.headers()['last-event-id']);
      });
      const origin = proxy.rewrite(base).replace(/\/$/, '');
      await cut.goto(`${origin}/dashboard#/node/${withPort.uuid}`);
      await cut.getByTestId('login-username').fill('admin');
      await cut.getByTestId('login-password').fill('s3cret');
      await cut.getByTestId('login-submit').click();
      await expectText(cut.getByTestId('node-maintenance'), 'yes (changed elsewhere)');
      await expectText(cut.getByTestId('stream-status'), 'events: live');
      // One event first, so the stream has an id to resume after.
      expect((await http.put(`/v1/nodes/${withPort.uuid}/states/power`, { target: 'power off' })).status).toBe(202);
      await expectText(cut.getByTestId('node-power-state'), 'power off');
      await proxy.cut();
      await expectText(cut.getByTestId('stream-status'), 'events: reconnecting');
      expect((await http.delete(`/v1/nodes/${withPort.uuid}/maintenance`)).status).toBe(202);
      await http.until(`/v1/nodes/${withPort.uuid}`, (n) => n.maintenance === false);
      await proxy.restore();
      await expectText(cut.getByTestId('stream-status'), 'events: live');
      await expectText(cut.getByTestId('node-maintenance'), 'no');
      expect(resumedAfter[0]).toBeUndefined();
      expect(resumedAfter.length).toBeGreaterThan(1);
      expect(resumedAfter.slice(1).every((id) => id !== undefined && /^\d+$/.test(id))).toBe(true);
    } finally {
      await cut.close();
      await proxy.cut();
    }
  });

  it('lists the conductors with their nodes', async () => {
    await page.goto(`${base}/dashboard#/conductors`);
    await expectText(page.getByTestId('conductors'), 'fake-hardware');
    await page.getByTestId('conductors').locator('tbody tr a').first().click();
    // Every node is on the one conductor: its list pages like the fleet's, through the API's conductor filter.
    await expectText(page.getByTestId('table-status'), 'page 1, 50 nodes');
    await shot('08-conductors');
  });

  it('lists the inspection runs and follows a run as it changes, without a reload', async () => {
    const node = (await http.post('/v1/nodes', { driver: 'fake-hardware', name: 'dash-inspected', inspect_interface: 'inspector' })).json;
    // The MAC the inspector will know the machine's ramdisk by.
    expect((await http.post('/v1/ports', { node_uuid: node.uuid, address: '52:54:00:de:da:99' })).status).toBe(201);
    expect((await http.put(`/v1/nodes/${node.uuid}/states/provision`, { target: 'manage' })).status).toBe(202);
    await http.until(`/v1/nodes/${node.uuid}`, (n) => n.provision_state === 'manageable' && !n.reservation);
    // Inspected from the node's page, after confirmation.
    await page.goto(`${base}/dashboard#/node/${node.uuid}`);
    await page.getByTestId('provision-inspect').click();
    await expectText(page.getByTestId('confirm-text'), 'inspect dash-inspected?');
    await page.getByTestId('confirm-ok').click();
    await expectText(page.getByTestId('node-provision-state'), 'inspect wait');
    await page.getByTestId('nav-inspections').click();
    const row = page.locator(`[data-testid="inspections"] tr[data-node="${node.uuid}"]`);
    await expectText(page.getByTestId('inspections'), 'dash-inspected');
    await expectText(page.getByTestId('inspections'), 'waiting');
    // Aborted through the API: the run's end reaches the page through the event stream.
    expect((await http.put(`/v1/nodes/${node.uuid}/states/provision`, { target: 'abort' })).status).toBe(202);
    const end = Date.now() + 20_000;
    while ((await row.getAttribute('data-state')) !== 'error' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(await row.getAttribute('data-state')).toBe('error');
    await expectText(page.getByTestId('inspections'), 'Canceled by operator');
    await shot('10-inspections');
  });
});

async function rowUuids(page: Page): Promise<string[]> {
  return page.locator('[data-testid="node-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-uuid') ?? ''));
}

/** Waits until the element's text contains `text` (the page updates asynchronously). */
async function expectText(locator: ReturnType<Page['getByTestId']>, text: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = (await locator.first().textContent({ timeout: timeoutMs }).catch(() => null)) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected "${text}" in the element; it shows "${last}"`);
}

maybe('dashboard under noauth', () => {
  let ferrum: FerrumProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    ferrum = new FerrumProcess('all', { FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: 'memory://' });
    const http = new IronicHttp(url, '1.81');
    await http.waitUntilUp(30_000);
    await http.until('/v1/conductors', (j) => j.conductors?.length > 0, 30_000);
    expect((await http.post('/v1/nodes', { driver: 'fake-hardware', name: 'solo' })).status).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ferrum?.kill();
  });

  it('asks for nothing and shows the fleet at once', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/dashboard/`);
    await expectText(page.getByTestId('total-nodes'), '1');
    await expectText(page.getByTestId('stream-status'), 'events: live');
    expect(await page.getByTestId('login-form').count()).toBe(0);
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
    await page.close();
  });
});
