import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Invalid } from '@ferrum/errors';
import { loadBuiltInRules, syntheticRuleUuid } from './built-in-rules';
import { applyInspectionRules } from './engine';
import { rule, target } from './rule-fixtures.spec-helper';

describe('built-in rules file', () => {
  let dir: string;
  const file = (content: string) => {
    const path = join(dir, 'rules.yaml');
    writeFileSync(path, content);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inspection-rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads, validates and marks each rule, numbering those without a uuid', () => {
    const path = file(`
- description: Configure iDRAC for Dell servers
  uuid: rule-dell-bmc-setup
  priority: 100000
  sensitive: yes
  conditions:
    - op: contains
      args:
        value: "{inventory[system_vendor][manufacturer]}"
        regex: "(?i)dell"
  actions:
    - op: set-attribute
      args: {path: /driver, value: idrac}
- actions:
    - op: add-trait
      args: [CUSTOM_BUILT_IN]
  scope: ignored
- actions:
    - op: log
      args: {msg: third}
`);
    const rules = loadBuiltInRules(path);
    expect(rules).toEqual([
      {
        uuid: 'rule-dell-bmc-setup',
        description: 'Configure iDRAC for Dell servers',
        priority: 100000,
        sensitive: true, // YAML 1.1, as PyYAML reads it
        phase: 'main',
        conditions: [{ op: 'contains', args: { value: '{inventory[system_vendor][manufacturer]}', regex: '(?i)dell' } }],
        actions: [{ op: 'set-attribute', args: { path: '/driver', value: 'idrac' } }],
        built_in: true,
      },
      {
        uuid: '00000000-0000-0000-0000-000000000000',
        description: null,
        priority: 0,
        sensitive: false,
        phase: 'main',
        conditions: [],
        actions: [{ op: 'add-trait', args: ['CUSTOM_BUILT_IN'] }],
        built_in: true,
      },
      expect.objectContaining({ uuid: '00000000-0000-0000-0000-000000000001', built_in: true }),
    ]);
    expect(syntheticRuleUuid(255)).toBe('00000000-0000-0000-0000-0000000000ff');
  });

  it('runs built-in rules after user rules of the same priority', async () => {
    const [builtIn] = loadBuiltInRules(file('- actions: [{op: set-attribute, args: {path: /extra/who, value: built-in}}]\n'));
    const user = rule([{ op: 'set-attribute', args: { path: '/extra/who', value: 'user' } }]);
    const out = await applyInspectionRules([builtIn, user], target(), 'main');
    expect(out.node.extra).toEqual({ tags: ['a'], who: 'built-in' });
  });

  it.each([
    ['- actions: [{op: reboot, args: {}}]\n', /^Built-in rules file .*rules\.yaml, rule 0: Validation failed for inspection rule: 'reboot' is not one of/],
    ['- actions: [{op: log, args: {msg: ok}}]\n- description: no actions\n', /rule 1: Validation failed for inspection rule: \[\] should be non-empty$/],
    ['- actions: [{op: log, args: {}}]\n', /rule 0: missing required argument\(s\): msg$/],
    ['- just a string\n', /rule 0: a rule must be a mapping$/],
    ['rules: []\n', /^Built-in rules file \(.*rules\.yaml\) should contain a list of rules$/],
    ['', /should contain a list of rules$/],
    ['- [unclosed\n', /^Error parsing YAML in built-in rules file .*rules\.yaml: /],
  ])('refuses %j naming the file', (content, expected) => {
    const path = file(content);
    expect(() => loadBuiltInRules(path)).toThrow(Invalid);
    expect(() => loadBuiltInRules(path)).toThrow(expected);
  });

  it('lets a missing file fail with the file system error', () => {
    expect(() => loadBuiltInRules(join(dir, 'missing.yaml'))).toThrow(/ENOENT/);
  });
});
