import { BaseRpcContext } from '@nestjs/microservices';

/** What a handler knows about the call it answers: `@Ctx() ctx: FerrumRpcContext`. */
export class FerrumRpcContext extends BaseRpcContext<[subject: string, requestId: string | undefined, hardwareType: string | undefined]> {
  getSubject(): string {
    return this.args[0];
  }

  /** Ironic-style request id (`req-<uuid>`) carried from the API, so logs can be joined across services. */
  getRequestId(): string | undefined {
    return this.args[1];
  }

  /** For a driver call: the hardware type whose queue group it was sent to. */
  getHardwareType(): string {
    const type = this.args[2];
    if (type === undefined) throw new Error(`${this.args[0]} is not a driver call`);
    return type;
  }
}
