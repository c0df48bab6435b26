import { AgentAPIError, AgentConnectionFailed } from '@ferrum/errors';
import { Agent, fetch as undiciFetch } from 'undici';

/** IPA's CommandResult (spec §13.8). */
export interface AgentCommand {
  id: string;
  command_name: string;
  command_status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CLEAN_VERSION_MISMATCH';
  command_error: { type?: string; message?: string; details?: string } | string | null;
  command_result: Record<string, unknown> | null;
}

const TIMEOUT_MS = 60_000;

/**
 * One connection pool per agent certificate, shared by every client of that agent (a client is made per
 * deploy step): a pool per client would leave its keep-alive sockets open. Bounded: the oldest agent's
 * pool is closed when more machines than this are being deployed at once.
 */
const POOLS = new Map<string, Agent>();
const MAX_POOLS = 512;

function poolFor(ca: string): Agent {
  let pool = POOLS.get(ca);
  if (!pool) {
    pool = new Agent({ connect: { ca } });
    POOLS.set(ca, pool);
    if (POOLS.size > MAX_POOLS) {
      const [oldest, stale] = POOLS.entries().next().value as [string, Agent];
      POOLS.delete(oldest);
      void stale.close();
    }
  }
  return pool;
}

/**
 * HTTP client of the agent's command API, as the conductor uses it (Ironic's AgentClient): every call carries
 * the agent token as `?agent_token=`; 60 s per call; three connection attempts.
 */
export class AgentClient {
  /** For an agent on HTTPS with its own certificate (automatic TLS): trust exactly that one. */
  private readonly dispatcher?: Agent;

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    /** The PEM the agent sent as `agent_verify_ca` in its heartbeat. */
    verifyCa?: string,
  ) {
    if (verifyCa && url.startsWith('https:')) this.dispatcher = poolFor(verifyCa);
  }

  async execute(name: string, params: Record<string, unknown>, wait = false): Promise<AgentCommand> {
    return this.call('POST', `/v1/commands/?wait=${wait}`, { name, params });
  }

  async list(): Promise<AgentCommand[]> {
    return (await this.call<{ commands: AgentCommand[] }>('GET', '/v1/commands/')).commands;
  }

  async get(id: string, wait = false): Promise<AgentCommand> {
    return this.call('GET', `/v1/commands/${encodeURIComponent(id)}${wait ? '?wait=true' : ''}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`${this.url.replace(/\/+$/, '')}${path}`);
    if (this.token) url.searchParams.set('agent_token', this.token);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      let res: Response;
      try {
        res = await undiciFetch(url, {
          ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
          method,
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        let message = text;
        try {
          message = (JSON.parse(text) as { faultstring?: string }).faultstring ?? text;
        } catch {
          // not JSON: keep the text
        }
        throw new AgentAPIError({ message: `Agent at ${this.url} answered ${res.status} to ${method} ${path.split('?')[0]}: ${message}` });
      }
      return JSON.parse(text) as T;
    }
    throw new AgentConnectionFailed({ reason: `${this.url}: ${lastError instanceof Error ? (lastError.cause instanceof Error ? lastError.cause.message : lastError.message) : String(lastError)}` });
  }
}

/** The error text of a FAILED command, as Ironic puts it into last_error. */
export function commandError(command: AgentCommand): string {
  const err = command.command_error;
  if (!err) return 'unknown error';
  if (typeof err === 'string') return err;
  return err.details ?? err.message ?? JSON.stringify(err);
}
