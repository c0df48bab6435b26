/**
 * Errors raised while rules run. Ironic distinguishes its own exceptions (re-raised as they are, so
 * their text reaches the node's last_error) from unexpected Python errors (wrapped in "Failed to apply
 * rule …"); we keep that split so that the messages read the same.
 */

/**
 * - `fail`: a `fail` action stopped inspection on purpose;
 * - `execution`: a condition or action could not run (bad regex, bad path, HTTP error…);
 * - `error`: anything else (missing port, unexpected value types…).
 */
export type RuleFailureKind = 'fail' | 'execution' | 'error';

/**
 * Inspection must fail: Ironic's engine raised out of apply_rules.
 * `message` is the `fail` action's message as written (interpolated) for kind `fail`, otherwise Ironic's
 * text for the error; `ironicMessage` is always what str(exc) gives upstream, i.e. what Ironic's conductor
 * puts after "Failed to finish inspection: " in last_error (for `fail`: "Failed to inspect hardware. Reason: <msg>").
 */
export class RuleFailed extends Error {
  override readonly name = 'RuleFailed';
  constructor(
    readonly ironicMessage: string,
    /** The rule that failed (its uuid). */
    readonly rule: string,
    /** For a `fail` action, its message; otherwise the same as `ironicMessage`. */
    readonly reason: string,
    readonly kind: RuleFailureKind,
  ) {
    super(kind === 'fail' ? reason : ironicMessage);
  }
}

/** One of Ironic's exceptions, already formatted as its str(): passed through the engine unchanged. */
export class IronicRuleError extends Error {
  constructor(
    message: string,
    readonly kind: RuleFailureKind,
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** A Python built-in exception (TypeError, KeyError…): its message is str(exc), e.g. "'foo'" for KeyError('foo'). */
export class PyError extends Error {
  constructor(
    readonly pyType: 'TypeError' | 'KeyError' | 'IndexError' | 'AttributeError' | 'ValueError',
    message: string,
  ) {
    super(message);
  }
}

// Ironic's exception classes, by the text their _msg_fmt gives (a positional message replaces the format).

export const hardwareInspectionFailure = (msg: string) =>
  new IronicRuleError(`Failed to inspect hardware. Reason: ${msg}`, 'fail', msg);

/** InspectionRuleExecutionFailure raised with a positional message: the message is used as is. */
export const executionFailure = (msg: string) => new IronicRuleError(msg, 'execution');

export const actionFailure = (reason: string) =>
  new IronicRuleError(`Inspection rule action execution failed. Reason: ${reason}`, 'execution');

export const conditionFailure = (reason: string) =>
  new IronicRuleError(`Inspection rule condition check failed. Reason: ${reason}`, 'execution');

export const portNotFound = (port: unknown) => new IronicRuleError(`Port ${String(port)} could not be found.`, 'error');

/** What Python's str() of any exception we may catch gives. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
