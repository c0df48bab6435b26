import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withImpliedRoles, type Credentials } from '../credentials';
import { parseCheck } from './check-string';
import { Policy, PolicyFileError } from './policy';

const who = (roles: string[], scope: { system?: boolean; project?: string }): Credentials => ({
  user: 'u',
  roles: withImpliedRoles(roles),
  projectId: scope.project ?? null,
  projectName: null,
  system: !!scope.system,
  via: 'http_basic',
});

describe('check strings', () => {
  it('parses the whole language, with not > and > or and parentheses written against checks', () => {
    expect(parseCheck('')).toEqual({ kind: 'true' });
    expect(parseCheck('@')).toEqual({ kind: 'true' });
    expect(parseCheck('!')).toEqual({ kind: 'false' });
    expect(parseCheck('role:a or role:b and not role:c')).toEqual({
      kind: 'or',
      checks: [{ kind: 'role', match: 'a' }, { kind: 'and', checks: [{ kind: 'role', match: 'b' }, { kind: 'not', check: { kind: 'role', match: 'c' } }] }],
    });
    expect(parseCheck('(role:a or rule:x) and project_id:%(node.owner)s')).toEqual({
      kind: 'and',
      checks: [{ kind: 'or', checks: [{ kind: 'role', match: 'a' }, { kind: 'rule', name: 'x' }] }, { kind: 'generic', key: 'project_id', match: '%(node.owner)s' }],
    });
  });

  it.each(['role:a or', '(role:a', 'role:a)', 'and role:a', 'admin', 'role:a role:b'])('refuses %j', (text) => {
    expect(() => parseCheck(text)).toThrow(/in "/);
  });
});

describe('Policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("applies Ironic's defaults: owner and lessee, scopes, never show_password", () => {
    const policy = new Policy();
    const node = { 'node.owner': 'P1', 'node.lessee': 'P2' };
    expect(policy.allows('baremetal:node:get', who(['reader'], { project: 'P1' }), node)).toBe(true);
    expect(policy.allows('baremetal:node:get', who(['reader'], { project: 'P3' }), node)).toBe(false);
    expect(policy.allows('baremetal:node:get:driver_info', who(['admin'], { project: 'P2' }), node)).toBe(false);
    expect(policy.allows('baremetal:node:set_power_state', who(['member'], { project: 'P2' }), node)).toBe(true);
    expect(policy.allows('baremetal:node:delete', who(['admin'], { project: 'P1' }), node)).toBe(false);
    expect(policy.allows('baremetal:chassis:create', who(['admin'], { system: true }))).toBe(true);
    expect(policy.allows('baremetal:chassis:create', who(['admin'], { project: 'P1' }))).toBe(false);
    expect(policy.allows('show_password', who(['admin'], { system: true }))).toBe(false);
    expect(policy.allows('no:such:rule', who(['admin'], { system: true }))).toBe(false);
  });

  it("takes an operator's policy.yaml, rule by rule", () => {
    const policy = Policy.fromFile(file('ok.yaml', '"baremetal:node:delete": "rule:is_ops"\nis_ops: "role:member and system_scope:all"\n'));
    expect(policy.allows('baremetal:node:delete', who(['member'], { system: true }), { 'node.owner': null })).toBe(true);
    expect(policy.allows('baremetal:node:delete', who(['reader'], { system: true }), { 'node.owner': null })).toBe(false);
    // The rest stays default.
    expect(policy.allows('baremetal:chassis:create', who(['member'], { system: true }))).toBe(false);
  });

  it.each([
    ['a syntax error', '"baremetal:node:get": "role:admin or"', /bad\.yaml: baremetal:node:get: unexpected end/],
    ['an unknown rule', '"baremetal:node:get": "rule:nope"', /baremetal:node:get refers to rule:nope, which is not defined/],
    ['a circle', 'a: "rule:b"\nb: "rule:a"', /circle: a → b → a/],
    ['not a map', '- a\n- b', /expected a map/],
    ['not YAML', 'a: [', /bad\.yaml: /],
  ])('refuses a policy file with %s, naming the file and rule', (_what, text, message) => {
    expect(() => Policy.fromFile(file('bad.yaml', text))).toThrow(PolicyFileError);
    expect(() => Policy.fromFile(file('bad.yaml', text))).toThrow(message);
  });
});
