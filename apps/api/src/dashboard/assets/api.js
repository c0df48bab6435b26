/** The microversion the dashboard speaks: node history (1.78) and inventory (1.81) need it. */
export const API_VERSION = '1.81';
const CREDENTIALS_KEY = 'ferrum.dashboard.credentials';

/**
 * A 401: the server's challenge says which credentials it wants (`WWW-Authenticate: Basic …` for http_basic,
 * `Keystone uri=…` for keystone).
 */
export class AuthRequired extends Error {
  /** @param {{ scheme: 'basic' | 'keystone' | 'unknown', uri?: string }} challenge @param {string} message */
  constructor(challenge, message) {
    super(message);
    this.challenge = challenge;
  }
}

export class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {string | null} header */
export function parseChallenge(header) {
  const value = header ?? '';
  if (/^\s*basic\b/i.test(value)) return /** @type {const} */ ({ scheme: 'basic' });
  if (/^\s*keystone\b/i.test(value)) {
    const uri = /uri\s*=\s*"?([^",\s]+)/i.exec(value)?.[1];
    return /** @type {const} */ ({ scheme: 'keystone', uri });
  }
  return /** @type {const} */ ({ scheme: 'unknown' });
}

/**
 * Kept in sessionStorage only: gone when the tab closes, never in a cookie the browser would send on its own.
 * @returns {{ kind: 'basic', user: string, header: string } | { kind: 'token', token: string } | null}
 */
export function savedCredentials() {
  try {
    return JSON.parse(sessionStorage.getItem(CREDENTIALS_KEY) ?? 'null');
  } catch {
    return null;
  }
}

/** @param {string} user @param {string} password */
export function saveBasic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  const header = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify({ kind: 'basic', user, header }));
}

/** @param {string} token */
export function saveToken(token) {
  sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify({ kind: 'token', token }));
}

export function forgetCredentials() {
  sessionStorage.removeItem(CREDENTIALS_KEY);
}

/** The headers every call carries: the microversion and the user's credentials. @returns {Record<string, string>} */
export function apiHeaders() {
  const headers = { 'X-OpenStack-Ironic-API-Version': API_VERSION };
  const saved = savedCredentials();
  if (saved?.kind === 'basic') return { ...headers, Authorization: saved.header };
  if (saved?.kind === 'token') return { ...headers, 'X-Auth-Token': saved.token };
  return headers;
}

/** Ironic's error body holds its message as JSON inside `error_message`. @param {any} body @returns {string | undefined} */
function faultOf(body) {
  if (!body || typeof body !== 'object') return undefined;
  if (typeof body.error_message === 'string') {
    try {
      const inner = JSON.parse(body.error_message);
      return inner.faultstring ?? inner.description ?? body.error_message;
    } catch {
      return body.error_message;
    }
  }
  // The authentication middleware's own document (a 401): `{"error": {"message": …}}`.
  if (body.error && typeof body.error === 'object') return body.error.message ?? body.error.title;
  return body.faultstring ?? body.description ?? body.message;
}

/**
 * One call to /v1. `credentials: 'omit'`: the browser neither adds cookies nor shows its own Basic prompt on a
 * 401 (the page asks instead, and sends the header itself).
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json', ...apiHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status === 401) throw new AuthRequired(parseChallenge(res.headers.get('WWW-Authenticate')), faultOf(json) ?? 'Authentication required');
  if (!res.ok) throw new ApiError(res.status, faultOf(json) ?? (text || res.statusText));
  return json ?? text;
}

export const get = (/** @type {string} */ path) => call('GET', path);
