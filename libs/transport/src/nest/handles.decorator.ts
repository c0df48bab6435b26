import { UsePipes, applyDecorators } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Call, CallScope } from '@ferrum/contracts';
import { CallRequestPipe } from './call-request.pipe';
import type { FerrumRpcContext } from './rpc.context';

/** The key under which a handler's call travels in its message-pattern extras, for the Ferrum server. */
export const CALL_EXTRA = 'ferrumCall';

type Handler<Q, R> = (request: Q, ctx: FerrumRpcContext) => Promise<R> | R;

/**
 * Marks a controller method as the handler of a call: `@Handles(CreateNode) create(req: RequestOf<typeof CreateNode>)`.
 * The method's request and reply types must match the call's (the type check fails otherwise), and the
 * request is checked against the call's schema before the method runs.
 */
export function Handles<Q, R, S extends CallScope>(call: Call<Q, R, S>) {
  const decorate = applyDecorators(MessagePattern(call.pattern, { [CALL_EXTRA]: call }), UsePipes(new CallRequestPipe(call)));
  return <M extends Handler<Q, R>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    decorate(target, key, descriptor);
  };
}
