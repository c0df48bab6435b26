import type { VendorCallReply } from '@ferrum/contracts';
import type { FastifyReply } from 'fastify';
import type { Links } from '../common/links';

/**
 * Writes a conductor's vendor passthru answer the way Ironic's API does (§8.3): async → 202 with
 * no body and no Content-Type (plus, for a durable job, its Location); sync → 200 with the JSON of
 * the return value, which may be a bare scalar; `attach` → the return value as raw bytes.
 */
export function sendPassthruReply(reply: FastifyReply, result: VendorCallReply, links: Links): void {
  if (result.async) {
    if (result.job_id) void reply.header('Location', links.url('ferrum/jobs', result.job_id));
    void reply.code(202).send();
    return;
  }
  if (result.attach) {
    void reply.code(200).type('application/octet-stream').send(toBytes(result.return));
    return;
  }
  void reply
    .code(200)
    .type('application/json')
    .send(JSON.stringify(result.return ?? null));
}

/** What crossed NATS as JSON back to bytes: a string as UTF-8 (as Ironic encodes it), a serialised Buffer as its bytes. */
function toBytes(value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (isSerialisedBuffer(value)) return Buffer.from(value.data);
  return Buffer.from(JSON.stringify(value ?? null), 'utf8');
}

function isSerialisedBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);
}
