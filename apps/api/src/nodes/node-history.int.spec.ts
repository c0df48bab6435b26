import { randomUUID } from 'node:crypto';
import { ApiHarness, startApiHarness } from '../testing/api-harness';

describe('node history', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  /** What a conductor does when an action fails: a locked write that sets last_error. */
  const fail = async (uuid: string, changes: Record<string, unknown>) => {
    const host = await api.lockNode(uuid);
    await api.db.repos.nodes.updateLocked(uuid, host, changes);
    await api.db.repos.reservations.release(uuid, host);
    return host;
  };

  it('records every error a locked write sets, with its activity and conductor, oldest first', async () => {
    const node = await api.createNode({ name: 'history-1' });
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'deploying' WHERE uuid = $1`, [node.uuid]);
    const host = await fail(node.uuid, { last_error: 'Deploy step failed: boom', provision_state: 'deploy failed' });
    await fail(node.uuid, { last_error: 'Power on failed', power_state: 'power off' });
    // A write without an error records nothing.
    await fail(node.uuid, { extra: { a: 1 } });
    const list = (await api.request('GET', '/v1/nodes/history-1/history')).json().history;
    expect(list).toEqual([
      { uuid: expect.any(String), created_at: expect.stringMatching(/\+00:00$/), severity: 'ERROR', event: 'Deploy step failed: boom', links: [{ href: expect.stringMatching(new RegExp(`/v1/nodes/${node.uuid}/history/`)), rel: 'self' }] },
      expect.objectContaining({ event: 'Power on failed' }),
    ]);
    const detail = (await api.request('GET', '/v1/nodes/history-1/history?detail=true')).json().history;
    expect(detail[0]).toMatchObject({ event_type: 'deploying', conductor: host, user: null });
    expect(detail[1]).toMatchObject({ event_type: 'deploying' });
    const one = await api.request('GET', `/v1/nodes/history-1/history/${list[0].uuid}`);
    expect(one.json()).toMatchObject({ uuid: list[0].uuid, event_type: 'deploying', conductor: host, event: 'Deploy step failed: boom' });
    const page = (await api.request('GET', '/v1/nodes/history-1/history?limit=1')).json();
    expect(page.history).toHaveLength(1);
    expect(page.next).toMatch(new RegExp(`/v1/nodes/history-1/history\\?limit=1&marker=${list[0].uuid}$`));
    expect((await api.request('GET', `/v1/nodes/history-1/history?limit=1&marker=${list[0].uuid}`)).json().history[0].uuid).toBe(list[1].uuid);
  });

  it('cuts long events in the list only, keeps the newest entries, and hides other nodes\' entries', async () => {
    const node = await api.createNode();
    const long = `x${'y'.repeat(300)}`;
    await api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'clean wait' WHERE uuid = $1`, [node.uuid]);
    await fail(node.uuid, { last_error: long, provision_state: 'clean failed' });
    const [listed] = (await api.request('GET', `/v1/nodes/${node.uuid}/history`)).json().history;
    expect(listed.event).toHaveLength(254);
    expect(listed.event.endsWith('...')).toBe(true);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/history/${listed.uuid}`)).json()).toMatchObject({ event: long, event_type: 'cleaning' });

    const before = api.db.repos.history.maxEntries;
    api.db.repos.history.maxEntries = 2;
    try {
      for (const n of [1, 2, 3]) await fail(node.uuid, { last_error: `error ${n}` });
    } finally {
      api.db.repos.history.maxEntries = before;
    }
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/history`)).json().history.map((e: { event: string }) => e.event)).toEqual(['error 2', 'error 3']);

    const other = await api.createNode();
    expect((await api.request('GET', `/v1/nodes/${other.uuid}/history/${listed.uuid}`)).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/history/${randomUUID()}`)).statusCode).toBe(404);
    expect((await api.request('GET', `/v1/nodes/${node.uuid}/history`, { version: '1.77' })).statusCode).toBe(404);
  });

  it('goes with its node', async () => {
    const node = await api.createNode();
    await fail(node.uuid, { last_error: 'gone soon' });
    expect((await api.request('DELETE', `/v1/nodes/${node.uuid}`)).statusCode).toBe(204);
    expect(Number((await api.db.repos.dataSource.query('SELECT count(*) AS n FROM node_history WHERE event = $1', ['gone soon']))[0].n)).toBe(0);
  });
});
