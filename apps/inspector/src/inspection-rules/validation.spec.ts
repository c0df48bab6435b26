import { Invalid } from '@ferrum/errors';
import { maskSensitive } from './sensitive';
import { isUuidLike, validateInspectionRule } from './validation';

const action = { op: 'log', args: { msg: 'hi' } };

function message(body: unknown, builtIn = false): string {
  try {
    validateInspectionRule(body, { builtIn });
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    return (err as Error).message;
  }
  throw new Error('expected Invalid');
}

describe('inspection rule validation', () => {
  it("fills Ironic's defaults", () => {
    expect(validateInspectionRule({ actions: [action] })).toEqual({
      description: null,
      priority: 0,
      sensitive: false,
      phase: 'main',
      conditions: [],
      actions: [action],
    });
  });

  it('keeps what was given, including extra keys inside conditions and actions', () => {
    const body = {
      uuid: '7b2a1f7e-5c55-4b8e-9e5c-3c3f1e0f6a11',
      description: 'd',
      priority: 9999,
      sensitive: true,
      phase: 'main',
      conditions: [{ op: '!eq', args: [1, 2], loop: [1], multiple: 'all', note: 'kept' }],
      actions: [{ op: 'set-attribute', args: { path: '/extra/x', value: 1 }, loop: { a: 1 } }],
    };
    expect(validateInspectionRule(body)).toEqual(body);
  });

  it('does not modify the body', () => {
    const body = { actions: [{ op: 'set-plugin-data', args: { path: 'a', value: 1 } }] };
    const copy = structuredClone(body);
    validateInspectionRule(body);
    expect(body).toEqual(copy);
  });

  it.each([
    // jsonschema's wording, as the API reports it
    [[], "Schema error: [] is not of type 'object'"],
    [{}, "Schema error: 'actions' is a required property"],
    [{ actions: [action], scope: 'x' }, "Schema error: Additional properties are not allowed ('scope' was unexpected)"],
    [{ actions: [] }, 'Schema error: [] should be non-empty'],
    [{ actions: action }, "Schema error: {'op': 'log', 'args': {'msg': 'hi'}} is not of type 'array'"],
    [
      { actions: [{ op: 'reboot', args: {} }] },
      "Schema error: 'reboot' is not one of ['fail', 'log', 'set-attribute', 'extend-attribute', 'del-attribute', 'set-capability', " +
        "'unset-capability', 'add-trait', 'remove-trait', 'set-plugin-data', 'extend-plugin-data', 'unset-plugin-data', " +
        "'set-port-attribute', 'extend-port-attribute', 'del-port-attribute', 'api-call']",
    ],
    [{ actions: [{ op: 'log' }] }, "Schema error: 'args' is a required property"],
    [{ actions: [{ op: 'log', args: 'hi' }] }, "Schema error: 'hi' is not of type 'array', 'object'"],
    [{ actions: [action], conditions: [{ op: 'le', args: [] }] }, /^Schema error: 'le' is not one of \['eq', 'lt', .*'!is-false'\]$/],
    [{ actions: [action], conditions: [{ op: 'eq', args: [], multiple: 'some' }] }, "Schema error: 'some' is not one of ['any', 'all', 'first', 'last']"],
    [{ actions: [action], conditions: [{ op: 'eq', args: [], loop: 5 }] }, "Schema error: 5 is not of type 'array', 'object'"],
    [{ actions: [action], priority: -1 }, 'Schema error: -1 is less than the minimum of 0'],
    [{ actions: [action], priority: 1.5 }, "Schema error: 1.5 is not of type 'integer'"],
    [{ actions: [action], priority: true }, "Schema error: True is not of type 'integer'"],
    [{ actions: [action], description: 'x'.repeat(256) }, `Schema error: '${'x'.repeat(256)}' is too long`],
    [{ actions: [action], sensitive: 'yes' }, "Schema error: 'yes' is not of type 'boolean', 'null'"],
    // the shallowest problem wins, as jsonschema's best_match
    [{ actions: [{ op: 'reboot', args: {} }], description: 5 }, "Schema error: 5 is not of type 'string', 'null'"],
    // then Ironic's own checks
    [{ actions: [action], uuid: 'not-a-uuid' }, 'Expected UUID for uuid: not-a-uuid'],
    [{ actions: [action], phase: 'late' }, 'Invalid phase: late. Valid phases are: main'],
    [{ actions: [action], phase: null }, 'Invalid phase: None. Valid phases are: main'],
    [{ actions: [action], priority: 10000 }, 'Priority must be between 0 and 9999 for user-defined rules.'],
    [
      { actions: [action], priority: 10000, phase: 'late' },
      'Multiple validation errors occurred: Invalid phase: late. Valid phases are: main; Priority must be between 0 and 9999 for user-defined rules.',
    ],
    [{ actions: [{ op: 'set-attribute', args: { path: '/x' } }] }, 'missing required argument(s): value'],
    [{ actions: [{ op: 'log', args: { msg: 'x', colour: 'red' } }] }, 'unexpected argument(s): colour'],
    [{ actions: [{ op: 'log', args: { colour: 'red' } }] }, 'missing required argument(s): msg; unexpected argument(s): colour'],
    [{ actions: [action], conditions: [{ op: '!matches', args: ['x'] }] }, 'Not enough arguments provided. Missing: regex'],
    [{ actions: [{ op: 'api-call', args: { url: 'http://x', verify: false } }] }, 'unexpected argument(s): verify'],
  ])('refuses %j', (body, expected) => {
    const text = message(body);
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
  });

  it('accepts the optional arguments of each operation, by name or position', () => {
    expect(() =>
      validateInspectionRule({
        conditions: [
          { op: 'eq', args: { values: [1, 1], force_strings: true } },
          { op: 'one-of', args: { value: 1 } },
          { op: 'in-net', args: ['10.0.0.1', '10.0.0.0/8'] },
        ],
        actions: [
          { op: 'extend-attribute', args: ['/extra/x', 1, true] },
          { op: 'api-call', args: { url: 'http://x', headers: {}, proxies: {}, timeout: 1, retries: 0, backoff_factor: 0 } },
          { op: 'set-plugin-data', args: { path: 'a', value: 1, plugin_data: {} } }, // the hidden argument is tolerated
        ],
      }),
    ).not.toThrow();
  });

  it('accepts UUIDs the way oslo does', () => {
    expect(isUuidLike('7B2A1F7E-5C55-4B8E-9E5C-3C3F1E0F6A11')).toBe(true);
    expect(isUuidLike('7b2a1f7e5c554b8e9e5c3c3f1e0f6a11')).toBe(true);
    expect(isUuidLike('{7b2a1f7e-5c55-4b8e-9e5c-3c3f1e0f6a11}')).toBe(true);
    expect(isUuidLike('7b2a1f7e-5c55-4b8e-9e5c')).toBe(false);
  });

  describe('built-in rules', () => {
    it('may have any priority above the user range and any uuid string', () => {
      expect(validateInspectionRule({ actions: [action], priority: 100000, uuid: 'rule-dell-bmc-setup' }, { builtIn: true })).toMatchObject({
        priority: 100000,
        uuid: 'rule-dell-bmc-setup',
      });
    });

    it('still follow the schema, whose minimum applies to them too', () => {
      expect(message({ actions: [action], priority: -5 }, true)).toBe('Validation failed for inspection rule: -5 is less than the minimum of 0');
    });
  });

  describe('maskSensitive', () => {
    it("hides a sensitive rule's conditions and actions, as the API shows it", () => {
      const r = validateInspectionRule({ actions: [action], conditions: [{ op: 'eq', args: [1, 1] }], sensitive: true });
      expect(maskSensitive(r)).toEqual({ ...r, conditions: null, actions: null });
      expect(r.actions).toEqual([action]);
    });

    it('leaves other rules alone', () => {
      const r = validateInspectionRule({ actions: [action] });
      expect(maskSensitive(r)).toEqual(r);
    });
  });
});
