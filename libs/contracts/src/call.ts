import type { z } from 'zod';

/**
 * Who answers a call:
 * - `conductor`: the conductor that owns the node (its own subjects; the caller picks it on the hash ring);
 * - `driver`: any conductor offering a hardware type (one queue group per hardware type, NATS picks);
 * - `inspector`: any inspector (one queue group; their state is in the database).
 */
export type CallScope = 'conductor' | 'driver' | 'inspector';

/**
 * One cross-service call, defined once and used on both sides: the caller sends it through the Ferrum
 * client (`client.call(CreateNode, …)`), the handler declares it (`@Handles(CreateNode)`), so "go to
 * definition" from a send reaches this object and "find references" reaches the handler; a request or
 * reply of the wrong shape fails the type check on either side. The schema checks the request again at
 * the receiving edge, where a message from a peer of another version may arrive.
 */
export interface Call<Req = unknown, Rep = unknown, S extends CallScope = CallScope> {
  /** The message pattern; it ends in its version, and a breaking change adds `.v2` beside `.v1`. */
  readonly pattern: string;
  readonly scope: S;
  readonly request: z.ZodType;
  /** Types only, never set: what the call carries. */
  readonly __types?: { request: Req; reply: Rep };
}

export type AnyCall = Call<any, any, CallScope>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type RequestOf<C> = C extends Call<infer Q, unknown, CallScope> ? Q : never;
export type ReplyOf<C> = C extends Call<unknown, infer R, CallScope> ? R : never;

/** `defineCall<Request, Reply>()(scope, pattern, schema)`: the two-step form lets the scope be inferred. */
export function defineCall<Req, Rep>() {
  return <S extends CallScope>(scope: S, pattern: string, request: z.ZodType): Call<Req, Rep, S> => ({ pattern, scope, request });
}
