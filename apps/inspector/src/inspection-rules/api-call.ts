/**
 * The `api-call` action: an HTTP GET whose answer is ignored, failing inspection when the endpoint
 * cannot be reached or answers with an error status. Like Ironic (requests + urllib3 Retry), 429 and
 * 5xx answers and connection errors are retried `retries` times with exponential backoff, honouring
 * Retry-After on 429/503, and `timeout` applies to each attempt.
 */
import { actionFailure, PyError } from './errors';
import { isDict, pyTypeName, type Dict } from './python-values';
import type { Logger } from './interpolation';

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RETRY_AFTER_STATUSES = new Set([429, 503]);
const BACKOFF_MAX_S = 120;

export interface ApiCallDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
}

/** Python's float(): numbers, bools and numeric strings; ValueError/TypeError otherwise. */
function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim().replace(/(?<=\d)_(?=\d)/g, '');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(t)) return NaN;
    throw new PyError('ValueError', `could not convert string to float: '${v}'`);
  }
  throw new PyError('TypeError', `float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/** Python's int(): truncates numbers, parses integer strings only. */
function pyInt(v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PyError('ValueError', `cannot convert float ${v > 0 ? 'infinity' : 'NaN'} to integer`);
    return Math.trunc(v);
  }
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim().replace(/(?<=\d)_(?=\d)/g, '');
    if (/^[+-]?\d+$/.test(t)) return Number(t);
    throw new PyError('ValueError', `invalid literal for int() with base 10: '${v}'`);
  }
  throw new PyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`);
}

/** urllib3's Retry.get_backoff_time: nothing before the first retry, then factor·2^(n-1) seconds. */
function backoffSeconds(consecutive: number, factor: number): number {
  return consecutive <= 1 ? 0 : Math.min(BACKOFF_MAX_S, factor * 2 ** (consecutive - 1));
}

function retryAfterSeconds(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  if (!header) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/** How requests names a failure that exhausted urllib3's retries. */
function maxRetriesText(url: URL, cause: string): string {
  const https = url.protocol === 'https:';
  const port = url.port || (https ? '443' : '80');
  return `${https ? 'HTTPS' : 'HTTP'}ConnectionPool(host='${url.hostname}', port=${port}): ` +
    `Max retries exceeded with url: ${url.pathname}${url.search} (Caused by ${cause})`;
}

/** Errors from fetch may come from another realm (test sandboxes), so they are read by shape, not instanceof. */
function errorFields(err: unknown): { name?: unknown; message?: unknown; cause?: unknown } {
  return typeof err === 'object' && err !== null ? err : { message: String(err) };
}

function causeOf(err: unknown, timeoutS: number): string {
  const { name, message, cause } = errorFields(err);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Read timed out. (read timeout=${Number.isInteger(timeoutS) ? `${timeoutS}.0` : timeoutS})`;
  }
  // fetch says "fetch failed" and keeps the socket's error (ECONNREFUSED…) as its cause.
  const inner = cause === undefined ? undefined : errorFields(cause).message;
  return String(inner ?? message);
}

function checkHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === null || headers === undefined || headers === false || (isDict(headers) && !Object.keys(headers).length)) return undefined;
  if (!isDict(headers)) throw new PyError('ValueError', 'dictionary update sequence element #0 has length 1; 2 is required');
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new RequestError(
        `Header part (${String(value)}) from ('${name}', ${String(value)}) must be of type str or bytes, not <class '${pyTypeName(value)}'>`,
      );
    }
  }
  return headers as Record<string, string>;
}

/** requests.exceptions.RequestException: reported as "Request to <url> failed: …". */
class RequestError extends Error {}

async function get(url: string, args: { headers: unknown; timeoutS: number; retries: number; backoff: number }, deps: ApiCallDeps): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RequestError(`Invalid URL '${url}': No scheme supplied. Perhaps you meant https://${url}?`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RequestError(`No connection adapters were found for '${url}'`);
  const headers = checkHeaders(args.headers);
  let retriesLeft = Math.max(0, args.retries);
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await deps.fetch(parsed, { method: 'GET', headers, redirect: 'follow', signal: AbortSignal.timeout(args.timeoutS * 1000) });
    } catch (err) {
      if (retriesLeft-- <= 0) throw new RequestError(maxRetriesText(parsed, causeOf(err, args.timeoutS)));
      await deps.sleep(backoffSeconds(attempt, args.backoff) * 1000);
      continue;
    }
    // The answer is not used; release the connection.
    await res.body?.cancel().catch(() => undefined);
    if (RETRY_STATUSES.has(res.status) && retriesLeft > 0) {
      retriesLeft--;
      const after = RETRY_AFTER_STATUSES.has(res.status) ? retryAfterSeconds(res) : undefined;
      await deps.sleep((after ?? backoffSeconds(attempt, args.backoff)) * 1000);
      continue;
    }
    if (res.status >= 400 && res.status < 600) {
      const kind = res.status < 500 ? 'Client' : 'Server';
      throw new RequestError(`${res.status} ${kind} Error: ${res.statusText} for url: ${res.url || parsed.href}`);
    }
    return;
  }
}

/** Runs the action with its bound arguments; throws Ironic's RuleActionExecutionFailure texts. */
export async function apiCall(args: Dict, deps: ApiCallDeps): Promise<void> {
  const url = args.url;
  let timeoutS: number;
  let retries: number;
  let backoff: number;
  try {
    timeoutS = pyFloat(args.timeout);
    if (!(timeoutS > 0)) throw new PyError('ValueError', 'timeout must be greater than zero');
    retries = pyInt(args.retries);
    backoff = pyFloat(args.backoff_factor);
  } catch (err) {
    if (err instanceof PyError && err.pyType === 'ValueError') throw actionFailure(`Invalid parameter: ${err.message}`);
    throw err;
  }
  if (args.proxies) deps.log('warning', 'api-call: proxies are not supported and were ignored');
  try {
    await get(String(url), { headers: args.headers, timeoutS, retries, backoff }, deps);
  } catch (err) {
    if (err instanceof PyError && err.pyType === 'ValueError') throw actionFailure(`Invalid parameter: ${err.message}`);
    if (err instanceof RequestError) {
      const msg = `Request to ${String(url)} failed: ${err.message}`;
      deps.log('error', msg);
      throw actionFailure(msg);
    }
    throw err;
  }
}
