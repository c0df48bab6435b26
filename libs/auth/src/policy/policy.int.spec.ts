import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inCI } from '@ferrum/testing';
import type { Credentials } from '../credentials';
import { withImpliedRoles } from '../credentials';
import { DEFAULT_POLICY } from './default-policy';
import { Policy, policyValues } from './policy';

const SYSTEM_PYTHON = '/usr/bin/python3';
const IRONIC = '/usr/lib/python3/dist-packages/ironic/common/policy.py';

const persona = (roles: string[], scope: { system?: boolean; project?: string }): Credentials => ({
  user: 'u',
  roles: withImpliedRoles(roles),
  projectId: scope.project ?? null,
  projectName: scope.project ? `name-${scope.project}` : null,
  system: scope.system === true,
  via: 'keystone',
});

/** The personas of Ironic's RBAC documentation, against nodes owned by P1 and leased to P2. */
const PERSONAS: Record<string, Credentials> = {
  'system admin': persona(['admin'], { system: true }),
  'system member': persona(['member'], { system: true }),
  'system reader': persona(['reader'], { system: true }),
  'system service': persona(['service'], { system: true }),
  'owner admin': persona(['admin'], { project: 'P1' }),
  'owner manager': persona(['manager'], { project: 'P1' }),
  'owner member': persona(['member'], { project: 'P1' }),
  'owner reader': persona(['reader'], { project: 'P1' }),
  'owner service': persona(['service'], { project: 'P1' }),
  'lessee admin': persona(['admin'], { project: 'P2' }),
  'lessee member': persona(['member'], { project: 'P2' }),
  'lessee reader': persona(['reader'], { project: 'P2' }),
  'other project admin': persona(['admin'], { project: 'P3' }),
  'project without roles': persona([], { project: 'P1' }),
  'unscoped admin': persona(['admin'], {}),
};

const TARGETS: Record<string, Record<string, unknown>> = {
  'owned and leased node': { 'node.owner': 'P1', 'node.lessee': 'P2', 'allocation.owner': 'P1' },
  'node without owner': { 'node.owner': null },
  'no object': {},
};

/**
 * The policy engine against the real oslo.policy: every default rule of Ironic 21.4, for every persona
 * and target above, must give the same decision (about 5,000 cases, decided in one Python run).
 */
describe('Policy against oslo.policy and Ironic 21.4', () => {
  const available = existsSync(SYSTEM_PYTHON) && existsSync(IRONIC);

  it('has exactly the rules and check strings Ironic lists', () => {
    if (!available) {
      if (inCI()) throw new Error('python3-ironic is required under CI=true');
      return;
    }
    const dump = execFileSync(SYSTEM_PYTHON, ['-W', 'ignore', '-c', 'import json; from ironic.common import policy; print(json.dumps({r.name: {"check": r.check_str, "scopes": list(r.scope_types or [])} for r in policy.list_policies()}))'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(dump)).toEqual(DEFAULT_POLICY);
  });

  it('decides every rule for every persona and target as oslo.policy does', () => {
    if (!available) return;
    const policy = new Policy();
    const cases: { rule: string; who: string; what: string; creds: Record<string, unknown>; target: Record<string, unknown> }[] = [];
    for (const rule of Object.keys(DEFAULT_POLICY)) {
      for (const [who, creds] of Object.entries(PERSONAS)) {
        for (const [what, object] of Object.entries(TARGETS)) {
          const values = policyValues(creds);
          cases.push({ rule, who, what, creds: values, target: { ...values, ...object } });
        }
      }
    }
    const oslo = JSON.parse(
      execFileSync(SYSTEM_PYTHON, ['-W', 'ignore', join(__dirname, 'oslo-enforce.py')], { input: JSON.stringify(cases.map(({ rule, creds, target }) => ({ rule, creds, target }))), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    ) as boolean[];
    const differing = cases
      .map((c, i) => ({ c, ours: policy.allows(c.rule, PERSONAS[c.who], TARGETS[c.what]), theirs: oslo[i] }))
      .filter((d) => d.ours !== d.theirs)
      .map((d) => `${d.c.rule} · ${d.c.who} · ${d.c.what}: oslo ${d.theirs}, ferrum ${d.ours}`);
    expect(differing).toEqual([]);
    expect(cases.length).toBeGreaterThan(4000);
    // Not a matrix of refusals: a good share of the cases is allowed.
    expect(oslo.filter(Boolean).length).toBeGreaterThan(1000);
  }, 120_000);
});
