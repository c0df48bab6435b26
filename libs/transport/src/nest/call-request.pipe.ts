import { PipeTransform } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import type { AnyCall } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';

/** Checks a request against its call's schema at the receiving edge (a peer of another version may send another shape). */
export class CallRequestPipe implements PipeTransform {
  constructor(private readonly call: AnyCall) {}

  transform(value: unknown): unknown {
    // Method pipes see every argument; the context (`@Ctx()`) is not the request.
    if (value instanceof BaseRpcContext) return value;
    const parsed = this.call.request.safeParse(value);
    if (parsed.success) return value;
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InvalidParameterValue({ message: `Malformed ${this.call.pattern} request: ${where}${issue.message}` });
  }
}
