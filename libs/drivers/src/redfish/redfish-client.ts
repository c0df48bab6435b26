import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Dispatcher, Pool } from 'undici';
import { RedfishConnectionError, RedfishError } from '@ferrum/errors';
import type { RedfishSettings } from '../bmc/bmc-settings';
import { redact } from '../bmc/redact';
import type { RedfishDriverInfo } from './redfish-driver-info';

export type Json = Record<string, unknown>;

/** A value deep inside a Redfish document (undefined when any step is missing). */
export function at(doc: unknown, ...keys: string[]): unknown {
  let value = doc;
  for (const key of keys) value = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return value;
}

/** `@odata.id` links of a collection's Members. */
export const memberLinks = (collection: Json): string[] =>
  (Array.isArray(collection.Members) ? (collection.Members as unknown[]) : []).map((m) => at(m, '@odata.id')).filter((x): x is string => typeof x === 'string');

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Json | null;
}

/** One BMC account: its connection pool and, with session auth, its token. */
interface Connection {
  pool: Pool;
  token?: string;
  sessionUri?: string;
  /** auto mode settles on basic when the BMC has no usable session service. */
  mode: 'basic' | 'session' | 'auto';
  login?: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SESSIONS_PATH = '/redfish/v1/SessionService/Sessions';

/**
 * A small Redfish client over undici: one keep-alive pool per BMC account (many nodes behind one BMC share
 * it), basic or session auth (a session is created once, reused, and renewed when the BMC answers 401),
 * and retries of connection failures and 5xx answers, as sushy does for Ironic.
 */
export class RedfishClient {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly settings: RedfishSettings) {}

  async get(info: RedfishDriverInfo, path: string): Promise<Json> {
    return (await this.request(info, 'GET', path)).body ?? {};
  }

  async post(info: RedfishDriverInfo, path: string, body: Json): Promise<Reply> {
    return this.request(info, 'POST', path, body);
  }

  async patch(info: RedfishDriverInfo, path: string, body: Json): Promise<Reply> {
    return this.request(info, 'PATCH', path, body);
  }

  /** Logs out of every session (BMCs have few session slots) and closes every pool: conductor shutdown, tests. */
  async close(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(
      all.map(async (c) => {
        if (c.token && c.sessionUri) {
          const path = c.sessionUri.startsWith('http') ? new URL(c.sessionUri).pathname : c.sessionUri;
          await c.pool
            .request({ method: 'DELETE', path, headers: { 'x-auth-token': c.token }, headersTimeout: 2000, bodyTimeout: 2000 })
            .then((r) => r.body.dump())
            .catch(() => undefined);
        }
        await c.pool.close().catch(() => undefined);
      }),
    );
  }

  async request(info: RedfishDriverInfo, method: Dispatcher.HttpMethod, path: string, body?: Json): Promise<Reply> {
    const reply = await this.exchange(info, method, path, body);
    if (reply.status >= 400) throw new RedfishError({ message: redact(this.describe(info, method, path, reply), [info.password]) });
    return reply;
  }

  /** As request, but an error answer is returned rather than thrown (for callers that word it as sushy does). */
  async exchange(info: RedfishDriverInfo, method: Dispatcher.HttpMethod, path: string, body?: Json): Promise<Reply> {
    const conn = this.connection(info);
    if (conn.mode !== 'basic' && !conn.token) await this.login(info, conn);
    let reply = await this.send(info, conn, method, path, body);
    if (reply.status === 401 && conn.mode === 'session') {
      // The BMC expired or forgot the session: log in again, once.
      conn.token = undefined;
      await this.login(info, conn);
      reply = await this.send(info, conn, method, path, body);
    }
    return reply;
  }

  private key(info: RedfishDriverInfo): string {
    // The password is part of the identity (a changed password must not reuse the old session), hashed so it is not kept in clear twice.
    const secret = createHash('sha256').update(info.password ?? '').digest('hex').slice(0, 16);
    return [info.origin, info.username ?? '', secret, String(info.verifyCa), info.authType].join('|');
  }

  private connection(info: RedfishDriverInfo): Connection {
    const key = this.key(info);
    let conn = this.connections.get(key);
    if (!conn) {
      const tls = info.verifyCa === false ? { rejectUnauthorized: false } : typeof info.verifyCa === 'string' ? { ca: readCaBundle(info.verifyCa) } : {};
      conn = {
        pool: new Pool(info.origin, {
          connections: this.settings.connectionsPerBmc,
          connect: { ...tls, timeout: this.settings.requestTimeoutMs },
          headersTimeout: this.settings.requestTimeoutMs,
          bodyTimeout: this.settings.requestTimeoutMs,
        }),
        mode: info.authType,
      };
      this.connections.set(key, conn);
    }
    return conn;
  }

  private login(info: RedfishDriverInfo, conn: Connection): Promise<void> {
    conn.login ??= (async () => {
      try {
        const reply = await this.send(info, conn, 'POST', SESSIONS_PATH, { UserName: info.username ?? '', Password: info.password ?? '' }, true);
        const token = reply.headers['x-auth-token'];
        if (reply.status < 300 && typeof token === 'string') {
          conn.token = token;
          conn.sessionUri = typeof reply.headers.location === 'string' ? reply.headers.location : undefined;
          conn.mode = 'session';
          return;
        }
        if (reply.status === 401 || reply.status === 403) {
          throw new RedfishError({ message: `Redfish BMC at ${info.origin} refused the credentials (check redfish_username and redfish_password): HTTP ${reply.status}.` });
        }
        if (conn.mode === 'auto') {
          conn.mode = 'basic';
          return;
        }
        throw new RedfishError({ message: redact(this.describe(info, 'POST', SESSIONS_PATH, reply), [info.password]) });
      } finally {
        conn.login = undefined;
      }
    })();
    return conn.login;
  }

  private async send(info: RedfishDriverInfo, conn: Connection, method: Dispatcher.HttpMethod, path: string, body: Json | undefined, noAuth = false): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json', 'odata-version': '4.0' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!noAuth) {
      if (conn.mode === 'session' && conn.token) headers['x-auth-token'] = conn.token;
      else if (info.username !== undefined || info.password !== undefined) {
        headers.authorization = `Basic ${Buffer.from(`${info.username ?? ''}:${info.password ?? ''}`).toString('base64')}`;
      }
    }
    let lastError = '';
    for (let attempt = 1; attempt <= this.settings.connectionAttempts; attempt++) {
      try {
        const res = await conn.pool.request({ method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.body.text();
        let parsed: Json | null = null;
        try {
          parsed = text ? (JSON.parse(text) as Json) : null;
        } catch {
          parsed = null;
        }
        // 5xx (but not 501 Not Implemented) is worth another try: BMCs answer 500/503 while busy. Not for a
        // POST (an action such as Reset may have happened before the error), only for reads and PATCH (idempotent).
        const retryable = res.statusCode >= 500 && res.statusCode !== 501 && method !== 'POST';
        if (retryable && attempt < this.settings.connectionAttempts) {
          lastError = `HTTP ${res.statusCode}`;
          await sleep(this.settings.connectionRetryIntervalMs);
          continue;
        }
        return { status: res.statusCode, headers: res.headers, body: parsed };
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (attempt < this.settings.connectionAttempts) await sleep(this.settings.connectionRetryIntervalMs);
      }
    }
    throw new RedfishConnectionError({
      message: redact(`Unable to connect to ${info.origin}. Error: ${lastError} (${method} ${path}, ${this.settings.connectionAttempts} attempts)`, [info.password]),
    });
  }

  private describe(info: RedfishDriverInfo, method: string, path: string, reply: Reply): string {
    const extendedInfo = at(reply.body, 'error', '@Message.ExtendedInfo');
    const extended = Array.isArray(extendedInfo) ? extendedInfo.map((m) => at(m, 'Message')).filter((m): m is string => typeof m === 'string') : [];
    const message = at(reply.body, 'error', 'message');
    const text = [typeof message === 'string' ? message : undefined, ...extended].filter(Boolean).join(' ') || 'no details';
    return `HTTP ${method} ${info.origin}${path} returned code ${reply.status}. ${text}`;
  }
}

function readCaBundle(path: string): string[] {
  if (!statSync(path).isDirectory()) return [readFileSync(path, 'utf8')];
  return readdirSync(path)
    .filter((f) => /\.(pem|crt)$/i.test(f))
    .map((f) => readFileSync(join(path, f), 'utf8'));
}
