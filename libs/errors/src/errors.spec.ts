import * as errors from './errors';
import { ERROR_CODES, ERROR_STATUS } from './error-codes';
import { FerrumError, WireError, fromWire } from './ferrum-error';

const classes = Object.values(errors).filter(
  (v): v is typeof errors.NodeLocked => typeof v === 'function' && 'code' in v,
);

describe('domain errors', () => {
  it.each([...ERROR_CODES])('%s has a class that rebuilds it from the wire', (code) => {
    expect(classes.map((c) => c.code)).toContain(code);
  });

  it.each([
    ['InvalidParameterValue', 400],
    ['NodeNotFound', 404],
    ['NotAcceptable', 406],
    ['NodeLocked', 409],
    ['NoFreeConductorWorker', 503],
    ['NodeProtected', 403],
  ] as const)('%s maps to %d as Ironic does', (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });

  it.each(classes.map((c) => [c.code, c] as const))('%s comes back from the wire as the same class', (_code, cls) => {
    const original = new cls({ node: 'n1', host: 'c1', message: 'm', valid: ['a', 'b'] } as never);
    const wire = JSON.parse(JSON.stringify(original.toWire())) as WireError;
    const rebuilt = fromWire(wire);
    expect(rebuilt).toBeInstanceOf(cls);
    expect(rebuilt).toBeInstanceOf(FerrumError);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.params).toEqual(original.params);
    expect(rebuilt.status).toBe(original.status);
  });

  it('names the lock holder in NodeLocked', () => {
    const e = new errors.NodeLocked({ node: 'abc', host: 'conductor-1' });
    expect(e.message).toBe('Node abc is locked by host conductor-1, please retry after the current operation is completed.');
  });

  it('keeps an unknown wire code as a generic FerrumError instead of losing it', () => {
    const e = fromWire({ code: 'Conflict', message: 'x', params: {} });
    expect(e.status).toBe(409);
  });
});
