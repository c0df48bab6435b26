import { NOAUTH_CREDENTIALS } from '@ferrum/auth';
import type { IronicRequest } from '../common/ironic-request';

/** A request as the API's hooks build it, at this microversion, with noauth credentials (service-level specs). */
export function requestAt(version: number): IronicRequest {
  return { version, requestId: 'req-1', jsonSuffix: false, credentials: NOAUTH_CREDENTIALS };
}

/** The refusal a call ends in (its status and message); fails the spec when the call succeeds. */
export async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status: number; message: string } | undefined;
  if (!error) throw new Error('expected a refusal');
  return { status: error.status, message: error.message };
}
