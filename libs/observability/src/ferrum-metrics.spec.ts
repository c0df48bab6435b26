import { FerrumMetrics, subjectPattern } from './ferrum-metrics';

/** The value of one series in the text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('FerrumMetrics', () => {
  it('counts and times HTTP requests by server, method, route pattern and status', async () => {
    const metrics = new FerrumMetrics();
    metrics.observeHttp('api', 'GET', '/v1/nodes/:node_ident', 200, 0.012);
    metrics.observeHttp('api', 'GET', '/v1/nodes/:node_ident', 200, 0.02);
    const text = await metrics.text();
    expect(sample(text, 'ferrum_http_requests_total{server="api",method="GET",route="/v1/nodes/:node_ident",status="200"}')).toBe(2);
    expect(sample(text, 'ferrum_http_request_duration_seconds_count{server="api",method="GET",route="/v1/nodes/:node_ident",status="200"}')).toBe(2);
  });

  it('folds the conductor hostname out of RPC subjects, so series do not grow with every conductor', async () => {
    expect(subjectPattern('ferrum.conductor.c-1.node.set-power.v1')).toBe('ferrum.conductor.*.node.set-power.v1');
    expect(subjectPattern('ferrum.driver.fake-hardware.properties.v1')).toBe('ferrum.driver.fake-hardware.properties.v1');
    const metrics = new FerrumMetrics();
    metrics.observeRpc({ side: 'client', subject: 'ferrum.conductor.c-1.node.update.v1', outcome: 'ok', seconds: 0.01 });
    metrics.observeRpc({ side: 'client', subject: 'ferrum.conductor.c-2.node.update.v1', outcome: 'NodeLocked', seconds: 2 });
    const text = await metrics.text();
    expect(sample(text, 'ferrum_rpc_requests_total{side="client",subject="ferrum.conductor.*.node.update.v1",outcome="ok"}')).toBe(1);
    expect(sample(text, 'ferrum_rpc_requests_total{side="client",subject="ferrum.conductor.*.node.update.v1",outcome="NodeLocked"}')).toBe(1);
  });

  it('reads worker pools when scraped, and forgets a pool once its conductor stops', async () => {
    const metrics = new FerrumMetrics();
    const pool = { size: 8, active: 3 };
    const untrack = metrics.trackWorkerPool('c1', pool);
    expect(sample(await metrics.text(), 'ferrum_conductor_workers{conductor="c1"}')).toBe(8);
    pool.active = 5;
    expect(sample(await metrics.text(), 'ferrum_conductor_workers_in_use{conductor="c1"}')).toBe(5);
    untrack();
    expect(sample(await metrics.text(), 'ferrum_conductor_workers{conductor="c1"}')).toBeUndefined();
  });

  it('publishes node counts by provision and power state from the source, with None for no power state', async () => {
    const metrics = new FerrumMetrics();
    let rows = [
      { provision_state: 'available', power_state: 'power off', count: 4 },
      { provision_state: 'enroll', power_state: null, count: 2 },
    ];
    metrics.trackNodeStates(async () => rows);
    let text = await metrics.text();
    expect(sample(text, 'ferrum_nodes{provision_state="available",power_state="power off"}')).toBe(4);
    expect(sample(text, 'ferrum_nodes{provision_state="enroll",power_state="None"}')).toBe(2);
    rows = [{ provision_state: 'active', power_state: 'power on', count: 6 }];
    text = await metrics.text();
    expect(sample(text, 'ferrum_nodes{provision_state="enroll",power_state="None"}')).toBeUndefined();
    expect(sample(text, 'ferrum_nodes{provision_state="active",power_state="power on"}')).toBe(6);
  });

  it('still answers a scrape when the database does not, leaving the node counts out', async () => {
    const metrics = new FerrumMetrics({ nodeStateTimeoutMs: 50 });
    metrics.trackNodeStates(() => new Promise(() => undefined));
    metrics.httpRequests.inc({ server: 'api', method: 'GET', route: '/', status: '200' });
    const text = await metrics.text();
    expect(text).not.toMatch(/^ferrum_nodes\{/m);
    expect(sample(text, 'ferrum_http_requests_total{server="api",method="GET",route="/",status="200"}')).toBe(1);

    const failing = new FerrumMetrics();
    failing.trackNodeStates(() => Promise.reject(new Error('connection refused')));
    expect(await failing.text()).toContain('# TYPE ferrum_nodes gauge');
  });

  it('shows every introspection state at 0 until the inspector reports some', async () => {
    const metrics = new FerrumMetrics();
    metrics.trackIntrospections({ finished: 3 });
    const text = await metrics.text();
    expect(sample(text, 'ferrum_inspector_introspections{state="waiting"}')).toBe(0);
    expect(sample(text, 'ferrum_inspector_introspections{state="finished"}')).toBe(3);
    expect(text).toContain('# TYPE ferrum_inspector_dnsmasq_sync_duration_seconds histogram');
  });

  it('exports lock, periodic-task and refused-worker metrics under the conductor label', async () => {
    const metrics = new FerrumMetrics();
    metrics.lockWait.observe({ conductor: 'c1', outcome: 'acquired' }, 0.002);
    metrics.nodeLocked.inc({ conductor: 'c1' });
    metrics.periodicDuration.observe({ conductor: 'c1', task: 'power-sync', outcome: 'ok' }, 1.5);
    metrics.workersRefused.inc({ conductor: 'c1' });
    const text = await metrics.text();
    expect(sample(text, 'ferrum_conductor_lock_wait_seconds_count{conductor="c1",outcome="acquired"}')).toBe(1);
    expect(sample(text, 'ferrum_conductor_node_locked_total{conductor="c1"}')).toBe(1);
    expect(sample(text, 'ferrum_conductor_periodic_task_duration_seconds_sum{conductor="c1",task="power-sync",outcome="ok"}')).toBe(1.5);
    expect(sample(text, 'ferrum_conductor_workers_refused_total{conductor="c1"}')).toBe(1);
  });

  it('adds the process metrics (CPU, memory, event loop) only when asked', async () => {
    expect(await new FerrumMetrics().text()).not.toContain('process_cpu_seconds_total');
    expect(await new FerrumMetrics({ defaultMetrics: true }).text()).toContain('process_cpu_seconds_total');
  });
});
