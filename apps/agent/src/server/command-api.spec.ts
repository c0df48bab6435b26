import { CommandRunner } from '../commands/command-runner';
import type { CommandContext } from '../commands/extensions';
import { startCommandApi } from './command-api';

const TOKEN = 'x'.repeat(43);

describe('agent command API (§13.8)', () => {
  let api: Awaited<ReturnType<typeof startCommandApi>>;
  let base = '';
  let release: () => void = () => undefined;
  const ctx: CommandContext = {
    inventory: async () => ({ disks: [], interfaces: [] }) as never,
    node: () => undefined,
    targetDevice: '/nonexistent/target',
    writeOptions: { retries: 0, retryIntervalS: 0, stallTimeoutS: 5 },
    powerAction: () => undefined,
    logs: () => 'line one\nline two',
  };

  beforeAll(async () => {
    api = await startCommandApi({ host: '127.0.0.1', port: 0, version: '1.0-test', startedAt: 1000.5, runner: new CommandRunner(ctx), token: () => TOKEN });
    base = `http://127.0.0.1:${api.port}`;
  });
  afterAll(() => api.close());

  const post = (body: unknown, query = `agent_token=${TOKEN}`) =>
    fetch(`${base}/v1/commands/?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers /v1/status without a token, and the root documents', async () => {
    expect(await (await fetch(`${base}/v1/status`)).json() as any).toEqual({ started_at: 1000.5, version: '1.0-test' });
    expect(await (await fetch(`${base}/`)).json() as any).toMatchObject({ versions: [{ id: 'v1' }] });
    expect(await (await fetch(`${base}/v1/`)).json() as any).toMatchObject({ media_types: [{ base: 'application/json' }] });
  });

  it('refuses every command call without the token or with a wrong one: 401 Token invalid.', async () => {
    for (const res of [await fetch(`${base}/v1/commands/`), await fetch(`${base}/commands?agent_token=wrong`), await post({ name: 'standby.sync', params: {} }, '')]) {
      expect(res.status).toBe(401);
      expect(await res.json() as any).toEqual({ faultcode: 'Client', faultstring: 'Token invalid.' });
    }
  });

  it('runs a sync command and returns Ironic\'s CommandResult with the short name', async () => {
    const res = await post({ name: 'clean.get_clean_steps', params: {} });
    expect(res.status).toBe(200);
    const result = await res.json() as any;
    expect(result).toMatchObject({ command_name: 'get_clean_steps', command_status: 'SUCCEEDED', command_error: null });
    expect(result.command_result.clean_steps.GenericHardwareManager[0]).toMatchObject({ step: 'erase_devices_metadata', priority: 99, interface: 'deploy' });
    expect(result).not.toHaveProperty('command_params');
    const logs = await (await post({ name: 'log.collect_system_logs', params: {} })).json() as any;
    expect(logs.command_result.system_logs).toMatch(/^H4sI/); // gzip, base64
  });

  it('refuses bad commands: 400 for a missing name or params, 404 for an unknown extension', async () => {
    expect((await post({ params: {} })).status).toBe(400);
    expect((await post({ name: 'standby.sync', params: [] })).status).toBe(400);
    expect((await post({ name: 'nodots', params: {} })).status).toBe(400);
    const unknown = await post({ name: 'magic.trick', params: {} });
    expect(unknown.status).toBe(404);
    expect((await unknown.json() as any).faultcode).toBe('Client');
    expect((await post({ name: 'standby.prepare_image', params: { image_info: { id: 'x' } } })).status).toBe(400);
  });

  it('answers 409 while an async command runs, fails it with the error, and lists results in order', async () => {
    const slow = new Promise<void>((r) => (release = r));
    const original = ctx.inventory;
    ctx.inventory = async () => {
      await slow;
      return original();
    };
    const started = await (await post({ name: 'standby.prepare_image', params: { image_info: { id: 'img', urls: ['http://127.0.0.1:1/x'], checksum: 'a'.repeat(32) } } })).json() as any;
    expect(started.command_status).toBe('RUNNING');
    const busy = await post({ name: 'standby.sync', params: {} });
    expect(busy.status).toBe(409);
    expect((await busy.json() as any).faultstring).toBe('Agent is busy');
    release();
    const done = await (await fetch(`${base}/v1/commands/${started.id}?wait=true&agent_token=${TOKEN}`)).json() as any;
    expect(done.command_status).toBe('FAILED');
    expect(done.command_error.message).toContain('Command execution failed');
    const list = await (await fetch(`${base}/v1/commands/?agent_token=${TOKEN}`)).json() as any;
    expect(list.commands.at(-1).id).toBe(started.id);
    expect((await fetch(`${base}/v1/commands/00000000-0000-0000-0000-000000000000?agent_token=${TOKEN}`)).status).toBe(404);
    ctx.inventory = original;
  });
});
