export interface CallbackOptions {
  urls: string[];
  attempts?: number;
  /** First and largest wait between attempts, in ms (IPA: 5 s growing to 30 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  log: (msg: string) => void;
}

/**
 * What the inspector answers: ironic-inspector's /v1/continue `200 {uuid}`, Ironic's /v1/continue_inspection
 * `202 {uuid}`, or (Ironic, API ≥ 1.84) the lookup reply `{node: {uuid, …}, config: {…}}`.
 */
export interface CallbackReply {
  uuid?: string;
  node?: { uuid?: string };
  [field: string]: unknown;
}

/** The node uuid in any of the inspector's reply shapes, undefined when it did not say. */
export function callbackNodeUuid(reply: CallbackReply | null | undefined): string | undefined {
  const uuid = reply?.uuid ?? reply?.node?.uuid;
  return typeof uuid === 'string' && uuid ? uuid : undefined;
}

/** A reply the agent does not retry (4xx other than 409): logged, then the agent goes on to lookup. */
export class CallbackRefused extends Error {}

/**
 * POSTs the inspection payload to the inspector (spec §13.4): 5 attempts with exponential waits on
 * connection errors, 5xx and 409; other 4xx give up. Several URLs are tried in order on connection errors.
 * @returns the inspector's reply (see callbackNodeUuid for the node uuid in it)
 */
export async function postInspectionData(payload: unknown, o: CallbackOptions): Promise<CallbackReply> {
  const attempts = o.attempts ?? 5;
  let delay = o.minDelayMs ?? 5000;
  const body = JSON.stringify(payload);
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    for (const url of o.urls) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
      } catch (err) {
        last = `${url}: ${(err as Error).message}`;
        continue;
      }
      const text = await res.text();
      if (res.ok) return (text ? (JSON.parse(text) as CallbackReply | null) : null) ?? {};
      last = `${url}: HTTP ${res.status} ${text}`;
      if (res.status < 500 && res.status !== 409) throw new CallbackRefused(`inspector refused the data: ${last}`);
      break;
    }
    if (attempt < attempts) {
      o.log(`inspection callback failed (${last}); retrying in ${Math.round(delay / 1000)} s`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, o.maxDelayMs ?? 30_000);
    }
  }
  throw new Error(`inspection callback failed after ${attempts} attempts: ${last}`);
}
