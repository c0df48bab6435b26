import { ErrorCode, statusOf } from './error-codes';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ErrorParams = Record<string, JsonValue>;

/** What crosses NATS: enough to rebuild the same class on the other side. */
export interface WireError {
  code: ErrorCode;
  message: string;
  params: ErrorParams;
}

/**
 * Base of every domain error. The message is built from named params that are plain JSON,
 * so the error survives a trip over the wire unchanged (Ironic forces its kwargs JSON-safe for the same reason).
 */
export class FerrumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: ErrorParams = {},
  ) {
    super(message);
    this.name = code;
  }

  get status(): number {
    return statusOf(this.code);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, params: this.params };
  }
}

type ErrorClass = new (params: never, message?: string) => FerrumError;
const registry = new Map<ErrorCode, ErrorClass>();

/**
 * Declares an error class for one code with its message template, and registers it so
 * that `fromWire` can rebuild it. Extend the result to get a named class:
 * `export class NodeLocked extends defineError('NodeLocked', (p: {node: string}) => ...) {}`.
 */
export function defineError<C extends ErrorCode, P extends ErrorParams>(code: C, template: (params: P) => string) {
  class DefinedError extends FerrumError {
    static readonly code: C = code;
    declare readonly code: C;
    constructor(params: P, message?: string) {
      super(code, message ?? template(params), params);
    }
  }
  return DefinedError;
}

export function registerError(cls: ErrorClass & { code: ErrorCode }): void {
  registry.set(cls.code, cls);
}

/** Rebuilds the error a remote side threw as the same class, with the same message and params. */
export function fromWire(wire: WireError): FerrumError {
  const cls = registry.get(wire.code);
  if (!cls) return new FerrumError(wire.code, wire.message, wire.params);
  const error = new cls(wire.params as never, wire.message);
  return error;
}

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as WireError).code === 'string' &&
    typeof (value as WireError).message === 'string'
  );
}
