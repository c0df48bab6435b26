import { applyInspectionRules, parseInvertedOperator, sortRules } from './engine';
import { RuleFailed } from './errors';
import { rule, target } from './rule-fixtures.spec-helper';
import type { InspectionRule, LogLevel, RuleCondition, RuleDeps } from './types';

const mark = (name: string) => ({ op: 'extend-plugin-data', args: { path: 'ran', value: name } });

async function ran(rules: InspectionRule[], deps: RuleDeps = {}): Promise<unknown> {
  return (await applyInspectionRules(rules, target(), 'main', deps)).plugin_data.ran;
}

/** Whether a rule with these conditions runs its action. */
async function holds(...conditions: RuleCondition[]): Promise<boolean> {
  return (await ran([rule([mark('x')], conditions)])) !== undefined;
}

describe('inspection rules engine', () => {
  describe('order', () => {
    it('runs rules by priority, highest first; at equal priority user rules before built-in ones, else in the given order', async () => {
      const builtIn = { ...rule([mark('builtin-10')], [], { priority: 10 }), built_in: true };
      const rules = [
        rule([mark('low')], [], { priority: 1 }),
        builtIn,
        rule([mark('high')], [], { priority: 100 }),
        rule([mark('user-10-a')], [], { priority: 10 }),
        rule([mark('user-10-b')], [], { priority: 10 }),
        rule([mark('default')]),
      ];
      expect(await ran(rules)).toEqual(['high', 'user-10-a', 'user-10-b', 'builtin-10', 'low', 'default']);
      expect(sortRules(rules)).not.toBe(rules);
    });

    it('lets later rules see what earlier rules changed', async () => {
      const rules = [
        rule([{ op: 'set-attribute', args: { path: '/extra/step', value: 'one' } }], [], { priority: 2 }),
        rule([mark('saw-step')], [{ op: 'eq', args: { values: ['{node.extra[step]}', 'one'] } }], { priority: 1 }),
      ];
      expect(await ran(rules)).toEqual(['saw-step']);
    });
  });

  it('never mutates its inputs', async () => {
    const t = target();
    const snapshot = structuredClone(t);
    const r = rule([
      { op: 'set-attribute', args: { path: '/properties/cpus', value: 8 } },
      { op: 'extend-attribute', args: { path: '/extra/tags', value: 'b' } },
      { op: 'add-trait', args: { name: 'CUSTOM_NEW' } },
      { op: 'set-port-attribute', args: { port_id: '52:54:00:12:34:56', path: '/extra/x', value: 1 } },
      { op: 'set-plugin-data', args: { path: 'nested.keep', value: 2 } },
    ]);
    const frozen = structuredClone(r);
    const out = await applyInspectionRules([r], t, 'main');
    expect(t).toEqual(snapshot);
    expect(r).toEqual(frozen);
    expect(out).toEqual({
      node: { properties: { cpus: 8, capabilities: 'boot_mode:bios' }, extra: { tags: ['a', 'b'] } },
      traits: { add: ['CUSTOM_NEW'], remove: [] },
      ports: [{ address: '52:54:00:12:34:56', changes: { extra: { x: 1 } } }],
      plugin_data: { ...snapshot.plugin_data, nested: { password: 'pw', keep: 2 } },
    });
  });

  it('returns an unchanged outcome when no rule applies', async () => {
    const t = target();
    const out = await applyInspectionRules([rule([mark('x')], [], { phase: 'main' })].map((r) => ({ ...r, phase: 'other' as 'main' })), t, 'main');
    expect(out).toEqual({ node: {}, traits: { add: [], remove: [] }, ports: [], plugin_data: t.plugin_data });
  });

  describe('conditions', () => {
    it('runs the actions only when every condition holds', async () => {
      const yes = { op: 'eq', args: { values: ['{inventory[cpu][architecture]}', 'x86_64'] } };
      const no = { op: 'contains', args: { value: '{inventory[system_vendor][manufacturer]}', regex: 'HPE' } };
      expect(await holds(yes)).toBe(true);
      expect(await holds(yes, no)).toBe(false);
      expect(await holds()).toBe(true);
    });

    it('interpolates into strings, so numbers from the data are strings', async () => {
      expect(await holds({ op: 'eq', args: { values: ['{inventory[cpu][count]}', 4] } })).toBe(false);
      expect(await holds({ op: 'eq', args: { values: ['{inventory[cpu][count]}', '4'] } })).toBe(true);
      expect(await holds({ op: 'eq', args: { values: ['{inventory[cpu][count]}', 4], force_strings: true } })).toBe(true);
    });

    it('inverts a condition with a leading !', async () => {
      expect(await holds({ op: '!eq', args: { values: [1, 2] } })).toBe(true);
      expect(await holds({ op: '!is-empty', args: { value: '{inventory[bmc_address]}' } })).toBe(true);
      expect(parseInvertedOperator(' ! eq ')).toEqual({ op: 'eq', inverted: true });
      expect(() => parseInvertedOperator('!!eq')).toThrow('Multiple exclamation marks are not allowed.');
    });

    it('treats a missing field as empty for is-empty', async () => {
      expect(await holds({ op: 'is-empty', args: { value: '{inventory[i.do.not.exist]}' } })).toBe(true);
      expect(await holds({ op: 'is-empty', args: { value: '{inventory[bmc_address]}' } })).toBe(false);
    });

    it('checks in-net, matches and one-of against the inventory', async () => {
      expect(await holds({ op: 'in-net', args: { address: '{inventory[interfaces][0][ipv4_address]}', subnet: '10.0.0.0/24' } })).toBe(true);
      expect(await holds({ op: 'in-net', args: { address: '{inventory[interfaces][0][ipv6_address]}', subnet: '2001:db8::/64' } })).toBe(true);
      expect(await holds({ op: 'matches', args: { value: '{inventory[system_vendor][product_name]}', regex: 'PowerEdge R\\d+' } })).toBe(true);
      expect(await holds({ op: 'one-of', args: { value: '{inventory[cpu][architecture]}', values: ['aarch64', 'x86_64'] } })).toBe(true);
      expect(await holds({ op: 'is-true', args: { value: '{plugin_data[auto_discovered]}' } })).toBe(true); // 'True'
    });

    describe('loops', () => {
      const eqLoop = (multiple?: string): RuleCondition => ({
        op: 'eq',
        args: { values: [1, '{item}'] },
        loop: [1, 2, 3, 4],
        ...(multiple ? { multiple: multiple as RuleCondition['multiple'] } : {}),
      });

      it.each([
        [undefined, true], // 'any' by default
        ['any', true],
        ['all', false],
        ['first', true],
        ['last', false],
      ])('multiple=%s → %s (values are compared as strings inside loops)', async (multiple, expected) => {
        expect(await holds(eqLoop(multiple))).toBe(expected);
      });

      it("keeps upstream's 'first': a later true item still makes it hold", async () => {
        expect(await holds({ op: 'eq', args: { values: [3, '{item}'] }, loop: [1, 3], multiple: 'first' })).toBe(true);
        expect(await holds({ op: 'eq', args: { values: [9, '{item}'] }, loop: [1, 3], multiple: 'first' })).toBe(false);
      });

      it('checks all items with all', async () => {
        expect(await holds({ op: 'contains', args: { value: '{item}', regex: '^eth' }, loop: ['eth0', 'eth1'], multiple: 'all' })).toBe(true);
      });

      it('inverts each item before combining', async () => {
        expect(await holds({ op: '!eq', args: { values: [1, '{item}'] }, loop: [1, 2], multiple: 'all' })).toBe(false);
        expect(await holds({ op: '!eq', args: { values: [1, '{item}'] }, loop: [1, 2], multiple: 'any' })).toBe(true);
      });

      it('runs once with a dict loop, the dict being the item', async () => {
        expect(await holds({ op: 'eq', args: { values: ['{item[arch]}', '{inventory[cpu][architecture]}'] }, loop: { arch: 'x86_64' } })).toBe(true);
      });

      it('treats an empty loop as no loop', async () => {
        expect(await holds({ op: 'eq', args: { values: [1, 1] }, loop: [] })).toBe(true);
      });
    });
  });

  describe('action loops', () => {
    it('runs the action per item, formatting every argument and items holding fields', async () => {
      const out = await applyInspectionRules(
        [
          rule([
            {
              op: 'set-attribute',
              args: { path: '{item[path]}', value: '{item[value]}' },
              loop: [
                { path: 'driver_info/ipmi_username', value: 'admin' },
                { path: 'driver_info/ipmi_address', value: '{inventory[bmc_address]}' },
              ],
            },
            { op: 'add-trait', args: { name: '{item}' }, loop: ['CUSTOM_A', 'CUSTOM_B'] },
            { op: 'set-attribute', args: { path: '{item[path]}', value: '{item[value]}' }, loop: { path: '/extra/one', value: 'x' } },
          ]),
        ],
        target(),
        'main',
      );
      expect(out.node).toEqual({
        driver_info: { ipmi_username: 'admin', ipmi_address: '192.168.1.100' },
        extra: { tags: ['a'], one: 'x' },
      });
      expect(out.traits.add).toEqual(['CUSTOM_A', 'CUSTOM_B']);
    });

    it('interpolates the fail message inside a loop', async () => {
      const r = rule([{ op: 'fail', args: { msg: 'bad {item}' }, loop: ['x'] }]);
      await expect(applyInspectionRules([r], target(), 'main')).rejects.toThrow(new RuleFailed('', '', 'bad x', 'fail'));
    });
  });

  describe('failures', () => {
    it('names the rule and node when an unexpected error happens', async () => {
      const r = rule([mark('x')], [{ op: 'lt', args: { values: ['{inventory[cpu][count]}', 8] } }]);
      const err = (await applyInspectionRules([r], target(), 'main').catch((e: unknown) => e)) as RuleFailed;
      expect(err).toBeInstanceOf(RuleFailed);
      expect(err.rule).toBe(r.uuid);
      expect(err.kind).toBe('error');
      expect(err.message).toBe(
        `Failed to apply rule ${r.uuid} to node 1be26c0b-03f2-4d2e-ae87-c02d7f33c123: ` +
          "'<' not supported between instances of 'str' and 'int'",
      );
    });

    it('stops at the first failing rule', async () => {
      const rules = [rule([{ op: 'fail', args: { msg: 'first' } }], [], { priority: 2 }), rule([{ op: 'fail', args: { msg: 'second' } }])];
      await expect(applyInspectionRules(rules, target(), 'main')).rejects.toThrow('first');
    });

    it('reports an operator unknown at run time (rules from an older store)', async () => {
      const r = { ...rule([mark('x')]), conditions: [{ op: 'le', args: { values: [1, 2] } }] };
      await expect(applyInspectionRules([r], target(), 'main')).rejects.toThrow(
        "Unsupported operator: 'le'. Supported operators are: eq, lt, gt, is-empty, in-net, matches, contains, one-of, is-none, is-true, is-false.",
      );
    });

    it('reports too few positional arguments as upstream', async () => {
      const r = { ...rule([mark('x')]), conditions: [{ op: 'matches', args: ['abc'] }] };
      await expect(applyInspectionRules([r], target(), 'main')).rejects.toThrow('Not enough arguments provided. Missing: regex');
    });
  });

  describe('secrets', () => {
    const copySecret = rule([{ op: 'set-plugin-data', args: { path: 'seen', value: '{inventory[bmc_password]}' } }]);
    const sensitiveCopy = { ...copySecret, sensitive: true };

    it.each([
      ['always', copySecret, '***'],
      [undefined, copySecret, '***'], // Ironic's default
      ['never', copySecret, 'hunter2'],
      ['sensitive', copySecret, '***'],
      ['sensitive', sensitiveCopy, 'hunter2'],
      ['always', sensitiveCopy, '***'],
    ] as const)('mask_secrets=%s', async (maskSecrets, r, expected) => {
      const out = await applyInspectionRules([r], target(), 'main', { maskSecrets });
      expect(out.plugin_data.seen).toBe(expected);
    });

    it("keeps a sensitive rule's arguments out of the engine's logs", async () => {
      const logs: string[] = [];
      const log = (level: LogLevel, msg: string) => logs.push(`${level}: ${msg}`);
      const secretCondition = { op: 'eq', args: { values: ['s3cret', 'other'] } };
      await applyInspectionRules([rule([mark('x')], [secretCondition])], target(), 'main', { log });
      expect(logs.some((l) => l.includes('s3cret'))).toBe(true);
      logs.length = 0;
      await applyInspectionRules([rule([mark('x')], [secretCondition], { sensitive: true })], target(), 'main', { log });
      expect(logs.some((l) => l.includes('s3cret'))).toBe(false);
    });
  });
});
