import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stopChild } from './stop-child';

const run = promisify(execFile);
const MANAGE = '/usr/bin/keystone-manage';
const SERVER = '/usr/bin/keystone-wsgi-public';

export function realKeystoneInstalled(): boolean {
  return existsSync(MANAGE) && existsSync(SERVER);
}

/**
 * Debian's Keystone on SQLite with Fernet tokens, bootstrapped with an `admin` user (admin on the
 * `admin` project and on the system), served by its WSGI script on 127.0.0.1; started and stopped by PID.
 */
export class RealKeystone {
  private child?: ChildProcess;
  private output = '';
  readonly dir = mkdtempSync(join(tmpdir(), 'ferrum-keystone-'));
  readonly adminPassword = 'admin-pw-0';
  private adminToken?: string;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/v3`;
  }

  get logs(): string {
    return this.output;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const conf = join(this.dir, 'keystone.conf');
    for (const sub of ['fernet', 'fernet-receipts', 'credential']) mkdirSync(join(this.dir, sub));
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'use_stderr = true',
        '[database]',
        `connection = sqlite:///${join(this.dir, 'keystone.db')}`,
        '[fernet_tokens]',
        `key_repository = ${join(this.dir, 'fernet')}`,
        '[fernet_receipts]',
        `key_repository = ${join(this.dir, 'fernet-receipts')}`,
        '[credential]',
        `key_repository = ${join(this.dir, 'credential')}`,
        '[token]',
        'provider = fernet',
        '',
      ].join('\n'),
    );
    const user = process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root');
    const manage = (...args: string[]) => run(MANAGE, ['--config-file', conf, ...args], { timeout: timeoutMs, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    await manage('db_sync');
    await manage('fernet_setup', '--keystone-user', user, '--keystone-group', user);
    await manage('credential_setup', '--keystone-user', user, '--keystone-group', user);
    await manage('bootstrap', '--bootstrap-password', this.adminPassword, '--bootstrap-public-url', this.url, '--bootstrap-region-id', 'RegionOne');
    // Keystone's single-threaded test server can leave a read transaction open on one pooled SQLite connection
    // while another writes ("database is locked" after 5 s); in WAL mode readers no longer block the writer.
    await run('/usr/bin/python3', ['-c', `import sqlite3; sqlite3.connect(${JSON.stringify(join(this.dir, 'keystone.db'))}).execute('PRAGMA journal_mode=WAL')`]);
    this.child = spawn(SERVER, ['--port', String(this.port), '--host', '127.0.0.1', '--', '--config-file', conf], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONWARNINGS: 'ignore', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-100_000)));
    this.child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-100_000)));
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.child.exitCode !== null) throw new Error(`Keystone exited with ${this.child.exitCode}:\n${this.output}`);
      if ((await fetch(this.url).then((r) => r.status, () => 0)) === 200) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`Keystone did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /** A token for `user`, scoped to a project (by name) or to the system. */
  async token(user: string, password: string, scope: { project: string } | 'system'): Promise<string> {
    const reply = await fetch(`${this.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
          scope: scope === 'system' ? { system: { all: true } } : { project: { name: scope.project, domain: { name: 'Default' } } },
        },
      }),
    });
    const token = reply.headers.get('x-subject-token');
    if (reply.status !== 201 || !token) throw new Error(`Keystone refused a token for ${user}: ${reply.status} ${await reply.text()}`);
    return token;
  }

  private async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.adminToken ??= await this.token('admin', this.adminPassword, 'system');
    const reply = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': this.adminToken, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (reply.status >= 300) throw new Error(`Keystone ${method} ${path}: ${reply.status} ${await reply.text()}\n${this.output.slice(-3000)}`);
    return (reply.status === 204 ? undefined : await reply.json()) as T;
  }

  /** Puts an endpoint of `type` (e.g. baremetal) into the catalog, as a deployment registers its services. */
  async registerEndpoint(type: string, url: string): Promise<void> {
    const { service } = await this.admin<{ service: { id: string } }>('POST', '/services', { service: { type, name: type } });
    await this.admin('POST', '/endpoints', { endpoint: { service_id: service.id, interface: 'public', url, region_id: 'RegionOne' } });
  }

  async project(name: string): Promise<string> {
    return (await this.admin<{ project: { id: string } }>('POST', '/projects', { project: { name, domain_id: 'default' } })).project.id;
  }

  /** A user with `role` on a project (by id) or on the system. */
  async user(name: string, password: string, role: 'admin' | 'member' | 'reader', on: { project: string } | 'system'): Promise<string> {
    const { user } = await this.admin<{ user: { id: string } }>('POST', '/users', { user: { name, password, domain_id: 'default' } });
    const { roles } = await this.admin<{ roles: { id: string }[] }>('GET', `/roles?name=${role}`);
    await this.admin('PUT', on === 'system' ? `/system/users/${user.id}/roles/${roles[0].id}` : `/projects/${on.project}/users/${user.id}/roles/${roles[0].id}`);
    return user.id;
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
